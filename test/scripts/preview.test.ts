import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { tempDir } from '../support/temp-dir.js';

// `npm run preview` drives every journey through the real bot against the fake Discord; this runs its
// built script as npm does (after `npm test` built it) and reads the page it wrote.
describe('npm run preview', () => {
  it('renders every journey to one Discord-like HTML page and prints its path', async () => {
    const out = join(tempDir('preview-'), 'journeys.html');
    const result = await execa(process.execPath, [projectPath('dist', 'scripts', 'preview.js'), '--out', out], { reject: false, timeout: 110_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Preview written to ${out}`);
    expect(result.stdout).toMatch(/^7 journeys, \d+ messages/);
    const html = readFileSync(out, 'utf8');

    const journeys = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(journeys).toEqual(['Open a session', 'Deploy a VM', 'A deploy that fails', 'Cancel', 'Status', 'Destroy', 'Recover after a restart']);
    const section = (title: string) => html.slice(html.indexOf(`<h2>${title}</h2>`)).split('<section')[0]!;
    // What each journey must show, as the client would render it.
    expect(section('Open a session')).toContain('Only you can see this');
    expect(section('Deploy a VM')).toMatch(/<div class="select"><div class="placeholder">Choose a machine type/);
    expect(section('Deploy a VM')).toContain('e2-medium · $30.11/month (suggested)');
    expect(section('Deploy a VM')).toContain('💎 Treasure');
    expect(section('Deploy a VM')).toMatch(/class="button success"><span class="emoji">✅<\/span>Approve/);
    expect(section('Deploy a VM')).toMatch(/live edit \d+ of \d+/);
    expect(section('Deploy a VM')).toContain('✅ Deployment Complete! (7/7 resources)');
    expect(section('A deploy that fails')).toContain('❌ Deployment failed');
    expect(section('Cancel')).toContain('🛑 Deployment cancelled by <span class="mention">@Ada</span>; nothing was changed.');
    expect(section('Cancel')).toContain('🛑 Deployment cancelled (');
    expect(section('Status')).toContain('✅ deployed · ~$30.11/month');
    expect(section('Destroy')).toMatch(/class="button danger"><span class="emoji">🧨<\/span>Destroy/);
    expect(section('Recover after a restart')).toContain('Session ID');
    // Embeds keep their colour bar; markdown and mentions are rendered, never shown raw.
    expect(html).toMatch(/class="embed" style="border-left-color:#[0-9a-f]{6}"/);
    expect(html).not.toMatch(/<@\d+>|\*\*|&lt;t:\d+/);
    expect(html).not.toContain('PRIVATE KEY');
    // One kind of ellipsis in everything the bot writes: "…", never "...".
    expect(html).not.toContain('...');
    expect(section('Deploy a VM')).toMatch(/Creating google_\w+\.\w+…/);
  }, 120_000);
});
