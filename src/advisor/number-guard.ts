import { formatUsd, type CostFigures } from './cost-math.js';

/**
 * Keeps a model's free text honest about money. Every dollar amount, percentage and latte count is
 * checked against the computed figures: a wrong amount whose unit is clear ("/month", "a day", "per hour",
 * or a percent in a sentence about saving) is replaced by the computed one; a wrong number that cannot be
 * attributed takes its sentence with it. Returns `undefined` when nothing trustworthy is left.
 */
export function guardNumbers(text: string, figures: CostFigures): { text: string | undefined; corrections: number } {
  let corrections = 0;
  const kept: string[] = [];
  for (const sentence of splitSentences(text)) {
    const checked = checkSentence(sentence, figures);
    corrections += checked.corrections;
    if (checked.text !== undefined) kept.push(checked.text);
  }
  const joined = kept.join(' ').trim();
  return { text: joined === '' ? undefined : joined, corrections };
}

const DOLLARS = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?k\b)?/gi;
const PERCENT = /(?<![\d.,])(\d+(?:\.\d+)?)\s?(%|percent\b)/gi;
const LATTES = /(?<![\d.,$])(\d+(?:\.\d+)?)\s+(?:lattes?|coffees?|cups?)\b(?!\s+every)/gi;
const LATTE_EVERY = /\b1\s+(?:latte|coffee|cup)\s+every\s+(\d+(?:\.\d+)?)\s+(day|week|month)s?/gi;
const SAVING_WORDS = /\b(sav\w*|cheaper|cut\w*|off|less|trim\w*|shav\w*|pocket)\b/i;

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '');
}

function checkSentence(sentence: string, f: CostFigures): { text: string | undefined; corrections: number } {
  let corrections = 0;
  let unattributable = false;
  const aboutSaving = SAVING_WORDS.test(sentence);

  let text = sentence.replace(DOLLARS, (match, whole: string, fraction: string | undefined, thousands: string | undefined, offset: number, all: string) => {
    const value = Number(whole.replace(/,/g, '') + (fraction ?? '')) * (thousands ? 1000 : 1);
    if (dollarValues(f).some((v) => closeEnough(value, v, fraction === undefined))) return match;
    const correct = attributeDollars(all.slice(offset + match.length, offset + match.length + 24), aboutSaving, f);
    if (correct === undefined) unattributable = true;
    corrections++;
    return correct === undefined ? match : formatUsd(correct);
  });

  text = text.replace(PERCENT, (match, digits: string) => {
    const value = Number(digits);
    if (percentValues(f).some((p) => Math.abs(p - value) <= 1)) return match;
    corrections++;
    if (aboutSaving && f.savings) return `${f.savings.percent}%`;
    unattributable = true;
    return match;
  });

  for (const m of text.matchAll(LATTES)) {
    if (!latteCountMatches(Number(m[1]), f)) {
      corrections++;
      unattributable = true;
    }
  }
  for (const m of text.matchAll(LATTE_EVERY)) {
    const days = Number(m[1]) * (m[2]!.toLowerCase() === 'week' ? 7 : m[2]!.toLowerCase() === 'month' ? 30.4 : 1);
    if (!(f.latte.perDay > 0 && Math.abs(days * f.latte.perDay - 1) <= 0.2)) {
      corrections++;
      unattributable = true;
    }
  }
  return { text: unattributable ? undefined : text, corrections };
}

function dollarValues(f: CostFigures): number[] {
  const values = [f.hourlyUsd, f.dailyUsd, f.monthlyUsd, f.latte.priceUsd, ...f.breakdown.map((l) => l.monthlyUsd)];
  if (f.savings) values.push(f.savings.monthlyUsd, f.savings.newMonthlyUsd);
  return values;
}

function percentValues(f: CostFigures): number[] {
  if (!f.savings) return [];
  // The optimization sentence itself quotes the typical spot discount ("typically 79% off").
  const quoted = [...f.savings.optimization.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
  return [f.savings.percent, ...quoted];
}

/** Within a cent or 1%, or the same amount rounded to whole dollars ("$139" for $138.70). */
function closeEnough(value: number, computed: number, wholeDollars: boolean): boolean {
  if (Math.abs(value - computed) <= Math.max(0.011, computed * 0.01)) return true;
  return wholeDollars && computed >= 1 && Math.round(computed) === value;
}

/** Which computed amount a wrong one stood for, judged by the unit that follows it. */
function attributeDollars(after: string, aboutSaving: boolean, f: CostFigures): number | undefined {
  const unit = /^\s*(?:\/|per\s+|a\s+|an\s+|each\s+|every\s+)?\s*(hour|hr|h\b|day|daily|month|mo\b|latte)/i.exec(after)?.[1]?.toLowerCase();
  if (unit === undefined) return undefined;
  if (unit === 'latte') return f.latte.priceUsd;
  if (unit.startsWith('h')) return f.hourlyUsd;
  if (unit.startsWith('d')) return f.dailyUsd;
  return aboutSaving && f.savings ? f.savings.monthlyUsd : f.monthlyUsd;
}

function latteCountMatches(count: number, f: CostFigures): boolean {
  if (f.latte.perDay >= 0.95) return Math.abs(count - f.latte.perDay) <= Math.max(0.15, f.latte.perDay * 0.1);
  // Below one a day, only "1 latte every …" is a correct count; that form is checked separately.
  return false;
}
