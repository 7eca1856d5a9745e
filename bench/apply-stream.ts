import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A synthetic but faithful `terraform apply` stream for the parser benchmark: the plan first (the diff
 * headings, or `planned_change` messages), then the apply as Terraform 1.12 writes it with its default
 * parallelism of 10 (interleaved `Creating...`, `Still creating... [00m10s elapsed]` every 10 s,
 * `Creation complete after 1m8s [id=...]`), the apply summary and the outputs. Addresses are nested
 * modules with for_each and count keys; durations follow the resource type, as in real clouds.
 */
export type StreamFormat = 'human' | 'json';

export interface GeneratedStream {
  lines: number;
  bytes: number;
  resources: number;
}

interface Kind {
  weight: number;
  type: string;
  provider: string;
  /** How many Still-creating lines, at least and at most. */
  still: [number, number];
  address(i: number): { module: string; name: string; key: string | number | null };
  id(i: number): string;
}

const KINDS: Kind[] = [
  {
    weight: 30, type: 'aws_instance', provider: 'aws', still: [2, 9],
    address: (i) => ({ module: `module.app["${REGIONS[i % REGIONS.length]}"]`, name: 'web', key: `api-${i}` }),
    id: (i) => `i-0${(i * 2654435761).toString(16).padStart(16, '0').slice(-16)}`,
  },
  {
    weight: 25, type: 'aws_subnet', provider: 'aws', still: [0, 1],
    address: (i) => ({ module: `module.network.module.subnets["private-${String.fromCharCode(97 + (i % 3))}"]`, name: 'this', key: i }),
    id: (i) => `subnet-0${(i * 40503).toString(16).padStart(16, '0').slice(-16)}`,
  },
  {
    weight: 20, type: 'aws_s3_bucket', provider: 'aws', still: [0, 0],
    address: (i) => ({ module: '', name: 'logs', key: i }),
    id: (i) => `acme-logs-${i}`,
  },
  {
    weight: 17, type: 'azurerm_linux_virtual_machine', provider: 'azurerm', still: [4, 12],
    address: (i) => ({ module: `module.fleet["team-${i % 7}"]`, name: 'this', key: `vm-${i}` }),
    id: (i) => `/subscriptions/4d110979-de81-47ca-ae8e-6eb3494bcf2e/resourceGroups/rg-acme-dev/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
  },
  {
    weight: 5, type: 'aws_db_instance', provider: 'aws', still: [30, 72],
    address: (i) => ({ module: 'module.db', name: 'replica', key: `r${i}` }),
    id: (i) => `db-${(i * 97).toString(36).toUpperCase().padStart(12, 'Q')}`,
  },
  {
    weight: 3, type: 'google_container_cluster', provider: 'google', still: [48, 90],
    address: (i) => ({ module: `module.gke["env-${i % 4}"]`, name: 'primary', key: null }),
    id: (i) => `projects/acme-prod/locations/us-central1/clusters/gke-${i}`,
  },
];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const PARALLELISM = 10;
const START = Date.parse('2026-11-20T10:00:00Z');
const VERSION = '1.12.2';

interface Resource {
  addr: string;
  module: string;
  resource: string;
  provider: string;
  type: string;
  name: string;
  key: string | number | null;
  id: string;
  still: number;
  /** Seconds from start to completion. */
  seconds: number;
}

/** Writes a stream of exactly `lines` lines to `path`. */
export function writeApplyStream(path: string, format: StreamFormat, lines: number): GeneratedStream {
  const random = prng(format === 'human' ? 1 : 2);
  const writer = new Writer(path);
  const ui = format === 'human' ? new HumanUi(writer) : new JsonUi(writer);
  const resources = chooseResources(random, lines - ui.fixedLines, ui.planLinesPerResource);
  ui.plan(resources);
  applyInterleaved(resources, ui, random);
  ui.summary(resources.length);
  writer.close();
  if (writer.lines !== lines) throw new Error(`generated ${writer.lines} lines, meant ${lines}`);
  return { lines: writer.lines, bytes: writer.bytes, resources: resources.length };
}

/** Resources until the line budget is spent; the last one's Still-creating lines take up the rest. */
function chooseResources(random: () => number, budget: number, planLines: number): Resource[] {
  const total = KINDS.reduce((sum, k) => sum + k.weight, 0);
  const resources: Resource[] = [];
  let left = budget;
  for (let i = 0; left >= planLines + 2; i++) {
    let pick = random() * total;
    const kind = KINDS.find((k) => (pick -= k.weight) < 0) ?? KINDS[0]!;
    const { module, name, key } = kind.address(i);
    const resource = `${kind.type}.${name}${key === null ? '' : typeof key === 'number' ? `[${key}]` : `["${key}"]`}`;
    let still = kind.still[0] + Math.floor(random() * (kind.still[1] - kind.still[0] + 1));
    still = Math.min(still, left - planLines - 2);
    if (left - planLines - 2 - still < planLines + 2) still = left - planLines - 2; // the last one fills the budget exactly
    left -= planLines + 2 + still;
    resources.push({
      addr: module ? `${module}.${resource}` : resource, module, resource, provider: kind.provider, type: kind.type, name, key,
      id: kind.id(i), still, seconds: still * 10 + 1 + Math.floor(random() * 9),
    });
  }
  return resources;
}

/** Terraform walks the graph 10 operations at a time: lines of running operations interleave by time. */
function applyInterleaved(resources: Resource[], ui: Ui, random: () => number): void {
  const slots: { r: Resource; startedAt: number; tick: number; next: number }[] = [];
  let queued = 0;
  const startNext = (at: number) => {
    const r = resources[queued++];
    if (!r) return;
    ui.start(r, at);
    slots.push({ r, startedAt: at, tick: 0, next: at + (r.still > 0 ? 10 : r.seconds) });
  };
  for (let i = 0; i < PARALLELISM; i++) startNext(random() * 2);
  while (slots.length > 0) {
    let first = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i]!.next < slots[first]!.next) first = i;
    const slot = slots[first]!;
    if (slot.tick < slot.r.still) {
      slot.tick++;
      ui.progress(slot.r, slot.tick * 10, slot.next);
      slot.next = slot.tick < slot.r.still ? slot.startedAt + (slot.tick + 1) * 10 : slot.startedAt + slot.r.seconds;
    } else {
      ui.complete(slot.r, slot.next);
      slots.splice(first, 1);
      startNext(slot.next + random() * 0.2);
    }
  }
}

interface Ui {
  /** Lines outside the per-resource ones: banners, summaries, outputs. */
  readonly fixedLines: number;
  readonly planLinesPerResource: number;
  plan(resources: Resource[]): void;
  start(r: Resource, at: number): void;
  progress(r: Resource, elapsed: number, at: number): void;
  complete(r: Resource, at: number): void;
  summary(count: number): void;
}

class HumanUi implements Ui {
  readonly fixedLines = 21;
  readonly planLinesPerResource = 5;
  constructor(private readonly out: Writer) {}

  plan(resources: Resource[]): void {
    this.out.line('');
    this.out.line('Terraform used the selected providers to generate the following execution');
    this.out.line('plan. Resource actions are indicated with the following symbols:');
    this.out.line('  + create');
    this.out.line('');
    this.out.line('Terraform will perform the following actions:');
    this.out.line('');
    for (const r of resources) {
      this.out.line(`  # ${r.addr} will be created`);
      this.out.line(`  + resource "${r.type}" "${r.name}" {`);
      this.out.line('      + id = (known after apply)');
      this.out.line('    }');
      this.out.line('');
    }
    this.out.line(`Plan: ${resources.length} to add, 0 to change, 0 to destroy.`);
    this.out.line('');
    this.out.line('Changes to Outputs:');
    this.out.line('  + cluster_endpoint = (known after apply)');
    this.out.line('');
  }
  start(r: Resource): void {
    this.out.line(`${r.addr}: Creating...`);
  }
  progress(r: Resource, elapsed: number): void {
    this.out.line(`${r.addr}: Still creating... [${pad(Math.floor(elapsed / 60))}m${pad(elapsed % 60)}s elapsed]`);
  }
  complete(r: Resource): void {
    this.out.line(`${r.addr}: Creation complete after ${goDuration(r.seconds)} [id=${r.id}]`);
  }
  summary(count: number): void {
    this.out.line('');
    this.out.line(`Apply complete! Resources: ${count} added, 0 changed, 0 destroyed.`);
    this.out.line('');
    this.out.line('Outputs:');
    this.out.line('');
    this.out.line('cluster_endpoint = "https://34.118.22.7"');
    this.out.line('bucket_names = [');
    this.out.line('  "acme-logs-0",');
    this.out.line(']');
  }
}

class JsonUi implements Ui {
  readonly fixedLines = 4;
  readonly planLinesPerResource = 1;
  constructor(private readonly out: Writer) {}

  plan(resources: Resource[]): void {
    this.#emit(0, `Terraform ${VERSION}`, { terraform: VERSION, type: 'version', ui: '1.2' });
    for (const r of resources) this.#emit(1, `${r.addr}: Plan to create`, { change: { resource: resourceJson(r), action: 'create' }, type: 'planned_change' });
    this.#emit(1.5, `Plan: ${resources.length} to add, 0 to change, 0 to destroy.`, { changes: counts(resources.length, 'plan'), type: 'change_summary' });
  }
  start(r: Resource, at: number): void {
    this.#emit(at, `${r.addr}: Creating...`, { hook: { resource: resourceJson(r), action: 'create' }, type: 'apply_start' });
  }
  progress(r: Resource, elapsed: number, at: number): void {
    const message = `${r.addr}: Still creating... [${pad(Math.floor(elapsed / 60))}m${pad(elapsed % 60)}s elapsed]`;
    this.#emit(at, message, { hook: { resource: resourceJson(r), action: 'create', elapsed_seconds: elapsed }, type: 'apply_progress' });
  }
  complete(r: Resource, at: number): void {
    this.#emit(at, `${r.addr}: Creation complete after ${goDuration(r.seconds)} [id=${r.id}]`, {
      hook: { resource: resourceJson(r), action: 'create', id_key: 'id', id_value: r.id, elapsed_seconds: r.seconds }, type: 'apply_complete',
    });
  }
  summary(count: number): void {
    this.#emit(this.#last, `Apply complete! Resources: ${count} added, 0 changed, 0 destroyed.`, { changes: counts(count, 'apply'), type: 'change_summary' });
    this.#emit(this.#last, 'Outputs: 1', { outputs: { cluster_endpoint: { sensitive: false, type: 'string', value: 'https://34.118.22.7' } }, type: 'outputs' });
  }

  #last = 0;
  // Terraform writes the keys of every message in sorted order, @-fields first.
  #emit(at: number, message: string, rest: Record<string, unknown>): void {
    this.#last = Math.max(this.#last, at);
    const stamp = new Date(START + at * 1000).toISOString().slice(0, 23) + String(Math.floor((at * 1e6) % 1000)).padStart(3, '0') + 'Z';
    this.out.line(JSON.stringify({ '@level': 'info', '@message': message, '@module': 'terraform.ui', '@timestamp': stamp, ...rest }));
  }
}

function resourceJson(r: Resource) {
  return { addr: r.addr, module: r.module, resource: r.resource, implied_provider: r.provider, resource_type: r.type, resource_name: r.name, resource_key: r.key };
}

function counts(add: number, operation: 'plan' | 'apply') {
  return { add, change: 0, import: 0, remove: 0, operation };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Go's time.Duration.String() of whole seconds, as Terraform prints "complete after": `45s`, `1m8s`, `1h2m0s`. */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** Mulberry32: the same stream on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffered synchronous writes: the stream is hundreds of megabytes, too big for one string. */
class Writer {
  lines = 0;
  bytes = 0;
  readonly #fd: number;
  #parts: string[] = [];
  #size = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.#parts.push(text, '\n');
    this.#size += text.length + 1;
    this.lines++;
    if (this.#size > 1 << 20) this.#flush();
  }

  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  #flush(): void {
    this.bytes += writeSync(this.#fd, this.#parts.join(''));
    this.#parts = [];
    this.#size = 0;
  }
}
