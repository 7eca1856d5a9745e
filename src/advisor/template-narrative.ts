import { formatUsd, type CostFigures } from './cost-math.js';

/** The four parts of a cost story, whoever wrote them. */
export interface NarrativeText {
  coffeeCupCost: string;
  realWorldAnalogy: string;
  blastRadius: string;
  treasureHunt: { optimization: string; estimatedSavings: string };
}

/** The coffee-cup line and the savings line are always these, from the figures, whoever narrates. */
export function computedLines(figures: CostFigures): Pick<NarrativeText, 'coffeeCupCost'> & { estimatedSavings: string } {
  const { savings } = figures;
  return {
    coffeeCupCost: figures.latte.text,
    estimatedSavings: savings
      ? `Save ${formatUsd(savings.monthlyUsd)}/month (${savings.percent}%), down to ${formatUsd(savings.newMonthlyUsd)}/month`
      : 'No cheaper option in the catalog',
  };
}

/** A deterministic narrative from the figures alone: what every deploy shows when the storyteller cannot. */
export function templateNarrative(figures: CostFigures): NarrativeText {
  const lines = computedLines(figures);
  return {
    coffeeCupCost: lines.coffeeCupCost,
    realWorldAnalogy: realWorldUse(figures),
    blastRadius: blastRadius(figures),
    treasureHunt: {
      optimization: figures.savings
        ? `${figures.savings.optimization}.`
        : 'Already the cheapest fit in the catalog for this shape; the treasure is that you are not overpaying.',
      estimatedSavings: lines.estimatedSavings,
    },
  };
}

function realWorldUse(f: CostFigures): string {
  const vcpus = f.vcpus ?? 0;
  const memoryGb = f.memoryGb ?? 0;
  switch (f.kind) {
    case 'vm':
      if (vcpus <= 2 && memoryGb <= 2) return 'Runs a personal website, a small bot or a cron job.';
      if (vcpus <= 2 && memoryGb <= 4) return 'Serves a blog or small API with around 1,000 daily visitors.';
      if (vcpus <= 4) return 'Runs a busy web app or the CI runner of a small team.';
      return 'Handles a production web app with steady traffic, or heavy batch jobs.';
    case 'k8s':
      return `A ${f.nodeCount}-node cluster of ${f.machineType}: room for a handful of microservices with rolling deploys.`;
    case 'database':
      return `Holds the data of a small app (users, orders, sessions) on ${f.storageGb} GB of disk.`;
    case 'bucket': {
      // About 4 MB per phone photo.
      const photos = Math.round((f.storageGb ?? 0) * 250);
      return `${f.storageGb} GB holds about ${photos.toLocaleString('en-US')} phone photos or nightly backups of a small app.`;
    }
  }
}

function blastRadius(f: CostFigures): string {
  switch (f.kind) {
    case 'vm':
      return 'A single VM has no failover: whatever runs on it is offline until it is recreated.';
    case 'k8s':
      return f.nodeCount === 1
        ? 'One node means its pods go offline with it; the control plane keeps the cluster definition.'
        : `Losing a node moves its pods to the other ${(f.nodeCount ?? 1) - 1}; a control-plane outage stops deploys, not running pods.`;
    case 'database':
      return 'Every app that reads this database errors until it is restored, so keep backups switched on.';
    case 'bucket':
      return 'Deleting the bucket or making it public by mistake loses or exposes its files; turn on versioning.';
  }
}
