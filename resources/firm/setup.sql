-- Runway Desktop's firm server: run once, as a PostgreSQL superuser, on the firm's PostgreSQL:
--
--   psql -h db.example.firm -U postgres -v partner=pat -v password='…' -f setup.sql
--
-- It makes the database `runway`, the roles the app's row-level security is written against, and
-- the first partner. The tables come from the app itself: the first partner who joins (Settings →
-- Firm) runs the schema migrations that ship with it, forward only, as later versions do.
\set ON_ERROR_STOP on

create role runway_owner nologin;      -- owns the schema; its members run the app's migrations
create role runway_partner nologin;    -- sees and assigns every client
create role runway_bookkeeper nologin; -- sees the clients assigned to them
create database runway owner runway_owner;
\connect runway
revoke all on schema public from public;
create schema runway authorization runway_owner;
grant usage on schema runway to runway_partner, runway_bookkeeper;

-- The first partner; add people later with, for example:
--   create role bob login password '…' in role runway_bookkeeper;
--   create role ann login password '…' in role runway_partner;
create role :"partner" login password :'password' in role runway_owner, runway_partner;
