/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Never edit a released migration: append a new one.
 */
export const migrations: readonly string[] = [
  // 1: users, conversations, paused/active flow snapshots, processed message ids.
  `
  CREATE TABLE users (
    key TEXT PRIMARY KEY,               -- 'channel:chatId'
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    name TEXT,
    locale TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE TABLE conversations (
    key TEXT PRIMARY KEY REFERENCES users(key),
    active_flow TEXT,                   -- NULL: at the menu
    pending TEXT,                       -- a meta question waiting for yes/no (cancel, resume)
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE flow_states (
    key TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    input TEXT NOT NULL DEFAULT '{}',   -- what the flow was started with, to start it again
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (key, flow_id)
  );
  CREATE TABLE processed_messages (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX processed_messages_at ON processed_messages(at);
  `,
];
