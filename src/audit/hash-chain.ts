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
 */
export function verifyChain(keys: Buffer | readonly Buffer[], rows: Iterable<ChainedRow>, head: { seq: number; mac: string } | undefined): ChainProblem[] {
  const all = Buffer.isBuffer(keys) ? [keys] : keys;
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let previous: ChainedRow | undefined;
  for (const row of rows) {
    if (row.seq > expectedSeq) {
      problems.push({ seq: expectedSeq, problem: 'missing', detail: missingRange(expectedSeq, row.seq - 1) });
    }
    if (!all.some((key) => sameHex(rowHash(key, row), row.hash))) {
      problems.push({ seq: row.seq, problem: 'changed', detail: `row ${row.seq} (${row.action}) does not match its hash: it was changed after it was written` });
    } else if (previous && row.seq === previous.seq + 1 && row.prevHash !== previous.hash) {
      problems.push({ seq: row.seq, problem: 'relinked', detail: `row ${row.seq} does not link to row ${previous.seq}` });
    }
    expectedSeq = row.seq + 1;
    previous = row;
  }
  const lastSeq = previous?.seq ?? 0;
  if (head && head.seq > lastSeq) {
    problems.push({ seq: lastSeq + 1, problem: 'missing', detail: missingRange(lastSeq + 1, head.seq) });
  } else if (previous && (!head || !all.some((key) => sameHex(headMac(key, previous.seq, previous.hash), head.mac)))) {
    problems.push({ seq: previous.seq, problem: 'changed', detail: `the chain's head does not vouch for row ${previous.seq}: the last rows were changed or removed` });
  }
  return problems;
}

function missingRange(from: number, to: number): string {
  return from === to ? `row ${from} is missing: it was deleted` : `rows ${from} to ${to} are missing: they were deleted`;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
