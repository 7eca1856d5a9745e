import { createHmac, timingSafeEqual } from 'node:crypto';

/** The columns of one audit row that its hash covers, as stored. */
export interface ChainedRow {
  seq: number;
  at: number;
  guildId: string;
  actorId: string;
  action: string;
  projectTag: string | null;
  deploymentId: string | null;
  details: Buffer;
  prevHash: string;
  hash: string;
}

/** The hash the first row links to. */
export const GENESIS_HASH = '';

/**
 * HMAC-SHA256 over a row's columns and the previous row's hash. Keyed (not a plain SHA-256) so that
 * someone who can edit the database cannot recompute the chain after changing a row.
 */
export function rowHash(key: Buffer, row: Omit<ChainedRow, 'hash'>): string {
  const fields = [row.seq, row.at, row.guildId, row.actorId, row.action, row.projectTag, row.deploymentId, row.details.toString('base64'), row.prevHash];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

/** The MAC of the chain's head: which seq is the last, and that row's hash. */
export function headMac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`head\0${seq}\0${hash}`).digest('hex');
}

/** One thing wrong with the chain, naming the row. */
export interface ChainProblem {
  seq: number;
  problem: 'changed' | 'missing' | 'relinked';
  detail: string;
}

/**
 * Checks every row in seq order: its hash recomputes, it links to the row before, no seq is skipped,
 * and the head agrees with the last row. Returns every problem, each naming its row. After a secret
 * rotation the rows written before it are chained under the previous key: pass both (current first).
 * Keys only move forward: once a row is chained under the current key, a later row under the previous
 * one, or a head vouched for by it alone, is a rewrite by whoever holds the old (perhaps leaked) secret.
 */
export function verifyChain(keys: Buffer | readonly Buffer[], rows: Iterable<ChainedRow>, head: { seq: number; mac: string } | undefined): ChainProblem[] {
  const [current, ...previous] = Buffer.isBuffer(keys) ? [keys] : keys;
  if (!current) throw new Error('verifyChain needs the current chain key');
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let previousRow: ChainedRow | undefined;
  let rotated = false;
  for (const row of rows) {
    if (row.seq > expectedSeq) {
      problems.push({ seq: expectedSeq, problem: 'missing', detail: missingRange(expectedSeq, row.seq - 1) });
    }
    const underCurrent = sameHex(rowHash(current, row), row.hash);
    const underPrevious = !underCurrent && previous.some((key) => sameHex(rowHash(key, row), row.hash));
    if (!underCurrent && !underPrevious) {
      problems.push({ seq: row.seq, problem: 'changed', detail: unmatched(row, rotated, previous.length > 0) });
    } else if (underPrevious && rotated) {
      problems.push({ seq: row.seq, problem: 'changed', detail: `row ${row.seq} (${row.action}) is chained under RECOVERY_SECRET_PREVIOUS after rows chained under RECOVERY_SECRET: rewritten with the old secret` });
    } else if (previousRow && row.seq === previousRow.seq + 1 && row.prevHash !== previousRow.hash) {
      problems.push({ seq: row.seq, problem: 'relinked', detail: `row ${row.seq} does not link to row ${previousRow.seq}` });
    }
    rotated ||= underCurrent;
    expectedSeq = row.seq + 1;
    previousRow = row;
  }
  const lastSeq = previousRow?.seq ?? 0;
  if (head && head.seq > lastSeq) {
    problems.push({ seq: lastSeq + 1, problem: 'missing', detail: missingRange(lastSeq + 1, head.seq) });
  } else if (previousRow) {
    const last = previousRow;
    const vouches = (key: Buffer) => head !== undefined && sameHex(headMac(key, last.seq, last.hash), head.mac);
    if (!vouches(current) && !previous.some(vouches)) {
      problems.push({ seq: last.seq, problem: 'changed', detail: `the chain's head does not vouch for row ${last.seq}: the last rows were changed or removed` });
    } else if (!vouches(current)) {
      problems.push({
        seq: last.seq, problem: 'changed',
        detail: "the chain's head is vouched for by RECOVERY_SECRET_PREVIOUS only: the rows since the rotation may have been rewritten with the old secret (a bot started with both secrets vouches for an intact chain under the new one)",
      });
    }
  }
  return problems;
}

function unmatched(row: ChainedRow, rotated: boolean, hadPrevious: boolean): string {
  if (rotated) return `row ${row.seq} (${row.action}) does not match its hash: it was changed after it was written`;
  // Before any row under the current key: as likely written under an older secret as changed.
  const earlier = hadPrevious ? 'written under a secret older than RECOVERY_SECRET_PREVIOUS' : 'written before a secret rotation (set RECOVERY_SECRET_PREVIOUS to the old secret to check it)';
  return `row ${row.seq} (${row.action}) does not match its hash under RECOVERY_SECRET${hadPrevious ? ' or RECOVERY_SECRET_PREVIOUS' : ''}: ${earlier}, or changed after it was written`;
}

function missingRange(from: number, to: number): string {
  return from === to ? `row ${from} is missing: it was deleted` : `rows ${from} to ${to} are missing: they were deleted`;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
