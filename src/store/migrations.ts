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
  // 2: referrals (NIK sealed + keyed hash), the durable outbox, the audit trail.
  `
  CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('diajukan', 'terdaftar', 'ditolak', 'dibatalkan')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    referrer_key TEXT NOT NULL REFERENCES users(key),
    for_whom TEXT NOT NULL CHECK (for_whom IN ('other', 'self')),
    worker_name TEXT NOT NULL,
    nik_sealed TEXT NOT NULL,
    nik_hash TEXT NOT NULL,
    nik_masked TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('L', 'P')),
    phone TEXT NOT NULL,
    phone_owner TEXT NOT NULL CHECK (phone_owner IN ('worker', 'referrer')),
    occupation TEXT NOT NULL,
    occupation_text TEXT,
    sector TEXT NOT NULL,
    village_code TEXT NOT NULL,
    income_base INTEGER NOT NULL,
    jht INTEGER NOT NULL,
    period_months INTEGER NOT NULL CHECK (period_months IN (1, 3, 6, 12)),
    payer TEXT NOT NULL,
    monthly_iuran INTEGER NOT NULL,
    period_iuran INTEGER NOT NULL,
    estimate INTEGER NOT NULL,
    kpj TEXT,
    reason TEXT
  );
  -- One open or registered referral per NIK; withdrawn or rejected ones may be registered again.
  CREATE UNIQUE INDEX referrals_open_nik ON referrals(nik_hash) WHERE status IN ('diajukan', 'terdaftar');
  CREATE INDEX referrals_referrer ON referrals(referrer_key, created_at);
  CREATE INDEX referrals_status ON referrals(status, created_at);
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    not_before INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at INTEGER
  );
  CREATE INDEX outbox_due ON outbox(state, channel, not_before);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
  );
  `,
  // 3: deep-link attribution and reachability on users; questions the FAQ could not answer.
  `
  ALTER TABLE users ADD COLUMN arrived_via TEXT;       -- the /start or DAFTAR payload the user first came with
  ALTER TABLE users ADD COLUMN unreachable_at INTEGER; -- set when the platform says the user blocked the bot
  ALTER TABLE conversations ADD COLUMN last_choices TEXT; -- JSON labels of the last choices shown, so a tapped label counts as its number
  CREATE TABLE faq_unanswered (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    locale TEXT NOT NULL,
    question TEXT NOT NULL                -- personal data (NIK-like digits, phone numbers) removed before storing
  );
  `,
  // 4: communities, their admins and members (with the announcement opt-in), personal codes, broadcasts.
  `
  CREATE TABLE communities (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,            -- readable, e.g. BAKSO-CKK; also the sign-up link payload
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
  );
  CREATE TABLE community_admins (
    community_id INTEGER NOT NULL REFERENCES communities(id),
    user_key TEXT NOT NULL,               -- channel:chatId; the user may not have written yet
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL,
    PRIMARY KEY (community_id, user_key)
  );
  CREATE TABLE memberships (
    community_id INTEGER NOT NULL REFERENCES communities(id),
    user_key TEXT NOT NULL REFERENCES users(key),
    joined_at INTEGER NOT NULL,
    via_code TEXT NOT NULL,               -- the community code or a member's personal code
    opted_in INTEGER,                     -- announcements: 1 yes, 0 no, NULL not answered yet
    opted_at INTEGER,
    PRIMARY KEY (community_id, user_key)
  );
  CREATE INDEX memberships_user ON memberships(user_key);
  CREATE TABLE personal_codes (
    code TEXT PRIMARY KEY,                -- e.g. R-7K3Q9, shared by a participant who registered someone
    user_key TEXT NOT NULL UNIQUE REFERENCES users(key),
    created_at INTEGER NOT NULL
  );
  ALTER TABLE users ADD COLUMN opted_out_at INTEGER;   -- said berhenti/stop: no announcements at all
  ALTER TABLE referrals ADD COLUMN community_id INTEGER REFERENCES communities(id);
  ALTER TABLE referrals ADD COLUMN attributed_to TEXT; -- the member whose personal link brought the referrer
  CREATE INDEX referrals_community ON referrals(community_id, status);
  CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    created_by TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'done', 'cancelled')),
    recipients INTEGER NOT NULL,
    skipped INTEGER NOT NULL,             -- members left out as opted out or unreachable
    reported_at INTEGER                   -- when the final report went to the admin
  );
  ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER REFERENCES broadcasts(id);
  CREATE UNIQUE INDEX outbox_broadcast_once ON outbox(broadcast_id, channel, chat_id) WHERE broadcast_id IS NOT NULL;
  `,
  // 5: privacy (issue 12): the data key's check value (meta), so a wrong or lost key stops the start; masked NIKs keep
  // the last 4 digits only; the birth date (NIK digits 7–12) leaves referrals and draft snapshots, since next to
  // the region and serial it rebuilds the NIK (a reveal export reads it from the sealed NIK).
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  UPDATE referrals SET nik_masked = '************' || substr(nik_masked, -4) WHERE length(nik_masked) = 16;
  ALTER TABLE referrals DROP COLUMN birth_date;
  UPDATE flow_states SET snapshot = json_remove(snapshot, '$.context.birthDate', '$.context.nikDistrict')
    WHERE json_valid(snapshot);
  UPDATE flow_states
    SET snapshot = json_set(snapshot, '$.context.nikMasked', '************' || substr(json_extract(snapshot, '$.context.nikMasked'), -4))
    WHERE json_valid(snapshot) AND length(json_extract(snapshot, '$.context.nikMasked')) = 16;
  `,
  // 6: privacy (issue 12, chat and erasure): processed messages keyed per chat, as Telegram numbers messages per
  // chat (rows from before keep chat_id '' and still stop a redelivery); referrals whose personal fields were erased
  // (on request or after the retention period) keep only what anonymous statistics count; durable scheduled jobs.
  `
  CREATE TABLE processed_messages_by_chat (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL DEFAULT '',   -- '' for rows written before this migration
    message_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id, message_id)
  ) WITHOUT ROWID;
  INSERT INTO processed_messages_by_chat (channel, chat_id, message_id, at) SELECT channel, '', message_id, at FROM processed_messages;
  DROP TABLE processed_messages;
  ALTER TABLE processed_messages_by_chat RENAME TO processed_messages;
  CREATE INDEX processed_messages_at ON processed_messages(at);
  ALTER TABLE referrals ADD COLUMN erased_at INTEGER;  -- personal fields removed; counted in statistics, never shown
  CREATE TABLE jobs (
    name TEXT PRIMARY KEY,              -- e.g. 'retention'
    next_run_at INTEGER NOT NULL,
    last_run_at INTEGER,
    last_result TEXT                    -- what the last run did, e.g. 'drafts=3 referrals=1'
  ) WITHOUT ROWID;
  `,
  // 7: payment reminders (issue 15): who wants monthly reminders (and when they said so), payment status per
  // registered referral (imported from BPJS data or self-declared), and one row per proactive message sent
  // (kind, person, period) so a restart, a crash or two runs at once never send the same reminder twice.
  `
  CREATE TABLE reminder_prefs (
    user_key TEXT PRIMARY KEY,
    offered_at INTEGER,                 -- when the bot offered monthly reminders
    opted_in INTEGER,                   -- 1 yes, 0 no, NULL not answered
    answered_at INTEGER,
    stopped_at INTEGER                  -- said "berhenti pengingat": no reminders and no nudges
  ) WITHOUT ROWID;
  CREATE TABLE payments (
    referral_code TEXT PRIMARY KEY,
    paid_until TEXT,                    -- 'YYYY-MM', last month paid as the operator's import says
    imported_at INTEGER,
    declared_until TEXT,                -- 'YYYY-MM' the participant or referrer said "sudah bayar" for (self-declared)
    declared_at INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE reminder_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- 'offer' | 'reminder' | 'lapse' | 'nudge'
    person TEXT NOT NULL,               -- the user key the message goes to
    period TEXT NOT NULL,               -- '2026-06' for monthly kinds, the flow id for a nudge, '' for the offer
    channel TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    outbox_id INTEGER,
    UNIQUE (kind, person, period)
  );
  CREATE INDEX reminder_jobs_day ON reminder_jobs(channel, created_at);
  `,
  // 8: village pillars (issue 14): desa community requests and their decisions, desa communities tied to their village
  // code and target (with the admin's daily-summary opt-in), bulk uploads (batch, its validated rows, the batch consent,
  // who confirmed it and when) and one daily-summary job row per desa community and day.
  `
  CREATE TABLE desa_requests (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,          -- REQ-XXXXX, typed by whoever approves or declines
    requester_key TEXT NOT NULL,
    role TEXT NOT NULL,                 -- kepala_desa | perangkat_desa | bhabinkamtibmas | babinsa | pendamping_desa | ketua_paguyuban
    village_code TEXT NOT NULL,
    name TEXT NOT NULL,
    note TEXT,
    status TEXT NOT NULL DEFAULT 'menunggu',  -- menunggu | disetujui | ditolak
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by TEXT,
    reason TEXT,
    community_id INTEGER REFERENCES communities(id)
  );
  CREATE INDEX desa_requests_status ON desa_requests(status, created_at);
  CREATE TABLE desa_communities (
    community_id INTEGER PRIMARY KEY REFERENCES communities(id),
    village_code TEXT NOT NULL,
    target INTEGER NOT NULL,
    request_id INTEGER REFERENCES desa_requests(id),
    summary_opt_in INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    admin_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,            -- sha256 of the file: the same file twice creates nothing new
    status TEXT NOT NULL DEFAULT 'draft',  -- draft | submitted | replaced
    total INTEGER NOT NULL,
    ready INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    payer TEXT,
    consent_text TEXT,
    consent_by TEXT,
    consent_at INTEGER,
    created_at INTEGER NOT NULL,
    submitted_at INTEGER,
    created_referrals INTEGER
  );
  CREATE UNIQUE INDEX batches_file_once ON batches(community_id, file_hash) WHERE status = 'submitted';
  CREATE TABLE batch_rows (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    row_no INTEGER NOT NULL,
    nik_hash TEXT NOT NULL,
    data TEXT NOT NULL,                 -- the validated row as JSON, NIK sealed
    referral_code TEXT,
    PRIMARY KEY (batch_id, row_no)
  ) WITHOUT ROWID;
  CREATE TABLE desa_summary_jobs (
    community_id INTEGER NOT NULL,
    day TEXT NOT NULL,                  -- YYYY-MM-DD in TIMEZONE
    outbox_id INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (community_id, day)
  ) WITHOUT ROWID;
  `,
  // 9: the web panel: operators (optionally limited to a region), one-time login links and sessions (hashes only),
  // FAQ phrasings learned from the panel, and indexes for the panel's referral queue.
  `
  CREATE TABLE operators (
    user_key TEXT PRIMARY KEY,            -- channel:chatId
    region TEXT,                          -- Kemendagri code prefix ('36' or '36.71'); NULL: every region
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL
  );
  CREATE TABLE panel_links (
    token_hash TEXT PRIMARY KEY,          -- sha256 of the one-time token; the token itself is never stored
    user_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
  CREATE TABLE panel_sessions (
    id_hash TEXT PRIMARY KEY,             -- sha256 of the cookie value
    user_key TEXT NOT NULL,
    csrf TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'id',
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE TABLE faq_learned (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    phrase TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL
  );
  -- Covering indexes for the panel's queue and home page (measured with bench/panel.ts on 100,000 referrals):
  -- a region (village code prefix) with status, desa counts and top referrers are answered from the index alone.
  CREATE INDEX referrals_created ON referrals(created_at);
  CREATE INDEX referrals_village ON referrals(village_code, status, referrer_key, created_at);
  CREATE INDEX referrals_referrer_status ON referrals(referrer_key, status, created_at);
  CREATE INDEX referrals_community_created ON referrals(community_id, created_at);
  CREATE INDEX audit_action ON audit(action, id);
  `,
  // 10: a sign-up code typed in any case is looked up with COLLATE NOCASE, which the primary key (BINARY) cannot
  // serve: every registration's personal code lookup scanned the whole table (issue 16, measured in bench/peer).
  `
  CREATE INDEX personal_codes_code_nocase ON personal_codes(code COLLATE NOCASE);
  `,
  // 11: the panel home page's cover figures read every registered referral in a scope with its code and
  // registration time; answered from this partial index alone instead of one table lookup per row (bench/panel.ts).
  // Partial on the registered ones only: a new referral (diajukan) adds no entry, so a submit writes no more pages.
  `
  CREATE INDEX referrals_registered ON referrals(status, village_code, community_id, code, updated_at, erased_at)
    WHERE status = 'terdaftar' AND erased_at IS NULL;
  `,
];
