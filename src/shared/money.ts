// The app's money is the one every part of the repository uses, the QBO sandbox included.
export * from '@runway/money'
