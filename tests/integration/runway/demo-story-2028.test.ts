// The test drive tells the same story on every day of 2028; the other year has a file of its own so
// the two run side by side (see demo-story.ts).
import { sweepYear } from './demo-story'

sweepYear(2028)
