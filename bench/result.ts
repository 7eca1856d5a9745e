/** One row of the benchmark table. */
export interface BenchResult {
  name: string;
  measured: string;
  target: string;
  baseline: string;
  pass: boolean;
  note?: string;
}
