import type { Db } from './db.ts';
import { perDatabase } from './per-database.ts';

/** A spreadsheet upload of a desa community. */
export interface BatchRow {
  id: number;
  community_id: number;
  admin_key: string;
  file_name: string;
  file_hash: string;
  status: 'draft' | 'submitted' | 'replaced';
  total: number;
  ready: number;
  invalid: number;
  payer: string | null;
  consent_text: string | null;
  consent_by: string | null;
  consent_at: number | null;
  created_at: number;
  submitted_at: number | null;
  created_referrals: number | null;
}

/** One validated row of a batch, waiting to be submitted (`data` is JSON with the NIK sealed). */
export interface BatchItemRow {
  batch_id: number;
  row_no: number;
  nik_hash: string;
  data: string;
  referral_code: string | null;
}

/** Owner of the `batches` and `batch_rows` tables. */
export const batchStore = perDatabase((db: Db) => {
  const s = {
    insert: db.prepare(
      `INSERT INTO batches (community_id, admin_key, file_name, file_hash, total, ready, invalid, created_at)
       VALUES (@community_id, @admin_key, @file_name, @file_hash, @total, @ready, @invalid, @created_at)`,
    ),
    replaceDrafts: db.prepare("UPDATE batches SET status = 'replaced' WHERE community_id = ? AND admin_key = ? AND status = 'draft'"),
    dropRows: db.prepare(
      "DELETE FROM batch_rows WHERE batch_id IN (SELECT id FROM batches WHERE community_id = ? AND admin_key = ? AND status = 'replaced')",
    ),
    insertRow: db.prepare('INSERT INTO batch_rows (batch_id, row_no, nik_hash, data) VALUES (?, ?, ?, ?)'),
    byId: db.prepare<[number], BatchRow>('SELECT * FROM batches WHERE id = ?'),
    submittedFile: db.prepare<[number, string], BatchRow>(
      "SELECT * FROM batches WHERE community_id = ? AND file_hash = ? AND status = 'submitted'",
    ),
    rows: db.prepare<[number], BatchItemRow>('SELECT * FROM batch_rows WHERE batch_id = ? ORDER BY row_no'),
    setCode: db.prepare('UPDATE batch_rows SET referral_code = ? WHERE batch_id = ? AND row_no = ?'),
    submit: db.prepare(
      `UPDATE batches SET status = 'submitted', payer = @payer, consent_text = @consent_text, consent_by = @by, consent_at = @now,
        submitted_at = @now, created_referrals = @created WHERE id = @id AND status = 'draft'`,
    ),
    submittedSince: db.prepare<[number, number], { n: number; referrals: number }>(
      "SELECT count(*) AS n, coalesce(sum(created_referrals), 0) AS referrals FROM batches WHERE community_id = ? AND status = 'submitted' AND submitted_at >= ?",
    ),
    sealedRows: db.prepare<[], { batch_id: number; row_no: number; sealed: string }>(
      `SELECT batch_id, row_no, json_extract(data, '$.nikSealed') AS sealed FROM batch_rows
       WHERE json_valid(data) AND json_extract(data, '$.nikSealed') IS NOT NULL`,
    ),
    resealRow: db.prepare(
      "UPDATE batch_rows SET data = json_set(data, '$.nikSealed', @sealed), nik_hash = @hash WHERE batch_id = @batchId AND row_no = @rowNo",
    ),
  };
  return {
    /**
     * Stores a validated upload and its ready rows as the admin's one draft; earlier drafts of the admin in that
     * community are replaced (a corrected file supersedes the first). Returns the batch id.
     */
    createDraft: (
      b: Pick<BatchRow, 'community_id' | 'admin_key' | 'file_name' | 'file_hash' | 'total' | 'ready' | 'invalid' | 'created_at'>,
      rows: readonly { rowNo: number; nikHash: string; data: string }[],
    ): number =>
      db.transaction(() => {
        s.replaceDrafts.run(b.community_id, b.admin_key);
        s.dropRows.run(b.community_id, b.admin_key);
        const id = Number(s.insert.run(b).lastInsertRowid);
        for (const r of rows) s.insertRow.run(id, r.rowNo, r.nikHash, r.data);
        return id;
      })(),
    /** A batch by id. */
    byId: (id: number) => s.byId.get(id),
    /** The submitted batch of the community with this file's hash, if the same file was submitted before. */
    submittedFile: (communityId: number, fileHash: string) => s.submittedFile.get(communityId, fileHash),
    /** A batch's stored rows, in file order. */
    rows: (batchId: number) => s.rows.all(batchId),
    /** Notes the referral a row became. */
    setReferralCode: (batchId: number, rowNo: number, code: string) => void s.setCode.run(code, batchId, rowNo),
    /** Marks a draft submitted with its payer and batch consent (who, when, the words); false when it was no draft. */
    markSubmitted: (id: number, d: { payer: string; consentText: string; by: string; now: number; created: number }) =>
      s.submit.run({ id, payer: d.payer, consent_text: d.consentText, by: d.by, now: d.now, created: d.created }).changes > 0,
    /** Batches submitted in a community since a time, and the referrals they created. */
    submittedSince: (communityId: number, since: number) => s.submittedSince.get(communityId, since) ?? { n: 0, referrals: 0 },
    /** The sealed NIK of every stored batch row (for a key rotation). */
    sealedRows: () => s.sealedRows.all(),
    /** Replaces a batch row's sealed NIK and its keyed hash (after a key rotation). */
    resealRow: (batchId: number, rowNo: number, sealed: string, hash: string) => void s.resealRow.run({ batchId, rowNo, sealed, hash }),
  };
});

/** The batch store's operations. */
export type BatchStore = ReturnType<typeof batchStore>;
