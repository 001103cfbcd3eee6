/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- a benchmark, never shipped */
/**
 * What a hostile answer costs n8n's event loop: our node, in n8n's engine in this process, reads
 * error pages of 1 MB (every attempt of a search gets one) while the event loop's longest stall is
 * measured. Writes bench/results/hostile.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { startEmulator } from './emulator';
import { createIletiMerkeziEngine, HASH, iletiMerkeziNode, secretKeyCredentials } from './fixtures';
import { ROOT } from './n8n';

const MB = 1_000_000;
/** Bodies a proxy or a hostile host could answer with, each 1 MB. */
const PAGES: Record<string, string> = {
	'"<" repeated': '<'.repeat(MB),
	'"<a" repeated, no ">"': '<a'.repeat(MB / 2),
	'"<script" repeated': '<script'.repeat(MB / 7),
	'tags and text': '<p>iletiMerkezi</p>'.repeat(MB / 19),
	// The worst case for taking the hash out in parts: every window is one of its parts.
	'the hash quoted, folded at 60': (HASH.repeat(MB / 64).match(/.{1,60}/g) ?? []).join('\n'),
};
const GOAL_MS = 50;

export async function hostileAnswers(): Promise<void> {
	const engine = createIletiMerkeziEngine();
	const rows: string[] = [];
	for (const [shape, page] of Object.entries(PAGES)) {
		const emulator = await startEmulator();
		try {
			// Every attempt (the first and its three retries) gets the page.
			emulator.failNext({ apiMethod: 'search-contacts', page, times: 4 });
			const delay = monitorEventLoopDelay({ resolution: 1 });
			delay.enable();
			const started = performance.now();
			const { output } = await engine.runWorkflow({
				credentials: secretKeyCredentials(emulator),
				nodes: [
					iletiMerkeziNode(
						{ resource: 'contact', operation: 'search', searchKey: 'Kişi', returnAll: true },
						{ continueOnFail: true },
					),
				],
			});
			delay.disable();
			const stall = delay.max / 1e6;
			const error = String(output('iletiMerkezi')[0]?.json.error);
			const total = Math.round(performance.now() - started);
			rows.push(
				`| ${shape} | ${stall.toFixed(1)} | ${total} | ${stall < GOAL_MS ? 'yes' : '**no**'} | ${error} |`,
			);
			console.log(`  hostile page, ${shape}: longest stall ${stall.toFixed(1)} ms`);
		} finally {
			await emulator.close();
		}
	}
	const table = [
		'# Hostile answers: the event loop while the node reads 1 MB error pages',
		'',
		`Search with Return All; every attempt (4, with the retries' waits) answered HTTP 502 with the page. In-process, n8n's engine (n8n-core) on Node ${process.version}. Goal: the longest stall under ${GOAL_MS} ms.`,
		'',
		'| 1 MB page | longest event-loop stall (ms) | whole run (ms) | met | item error |',
		'|---|--:|--:|---|---|',
		...rows,
		'',
	].join('\n');
	writeFileSync(join(ROOT, 'bench', 'results', 'hostile.md'), table);
}
