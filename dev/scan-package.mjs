#!/usr/bin/env node
/**
 * n8n's community-package scanner, as n8n's verification runs it after a publish with provenance:
 * its full rule set on the source (package.json, nodes/, credentials/) and on the packed tarball
 * (compiled .js and package.json), with inline `eslint-disable` comments ignored. Fails on any
 * error and on any warning, so what the scanner would flag cannot land. Needs `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist'))) {
	console.log('dist/ is missing: run `npm run build` first, the scanner also reads the packed package');
	process.exit(1);
}

const packed = mkdtempSync(join(tmpdir(), 'iletimerkezi-scan-'));
let failed = false;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(packed, tarball), '-C', packed]);

	for (const [what, dir, patterns] of [
		['source', root, SOURCE_FILE_PATTERNS],
		['packed package', join(packed, 'package'), ['**/*.js', 'package.json']],
	]) {
		const result = await analyzePackage(dir, patterns);
		// The scanner reports details only when an error fails it; warnings show through lint below.
		const warnings = result.passed ? await warningsOf(dir, patterns) : '';
		if (!result.passed || warnings) {
			failed = true;
			console.log(`n8n's scanner refuses the ${what}: ${result.message ?? 'warnings'}`);
			console.log(result.details ?? warnings);
		}
	}
} finally {
	rmSync(packed, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('n8n’s community-package scanner: source and packed package pass, no warnings');

/** The scanner's warnings, which its result leaves out when nothing fails. */
async function warningsOf(dir, patterns) {
	const { ESLint } = await import('eslint');
	const { buildScanConfig } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const glob = (await import('fast-glob')).default;
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	if (!results.some((result) => result.warningCount > 0)) return '';
	return (await eslint.loadFormatter('stylish')).format(results);
}
