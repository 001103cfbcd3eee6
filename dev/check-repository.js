#!/usr/bin/env node
/**
 * package.json must name the repository the package is built from: `npm publish --provenance`
 * refuses (E422) a package whose `repository.url` does not match the repository that built it,
 * and npm's page resolves the README's relative links against it.
 *   node dev/check-repository.js               fails when repository.url is missing or malformed
 *   node dev/check-repository.js <expected>    also fails unless it names <expected>, e.g.
 *                                              "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY"
 * Compared as npm compares them: without a leading `git+`, a trailing `.git` or `/`.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const normalise = (url) =>
	String(url)
		.trim()
		.replace(/^git\+/, '')
		.replace(/\/+$/, '')
		.replace(/\.git$/, '');

const fail = (message) => {
	// In GitHub Actions the message becomes an annotation on the run.
	const prefix = process.env.GITHUB_ACTIONS === 'true' ? '::error file=package.json::' : '';
	console.log(`${prefix}${message}`);
	process.exit(1);
};

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
const repository = manifest.repository;
const url = typeof repository === 'object' && repository !== null ? repository.url : undefined;
const expected = process.argv[2] ? normalise(process.argv[2]) : undefined;
const example = `"repository": { "type": "git", "url": "git+${expected ?? 'https://github.com/OWNER/NAME'}.git" }`;

if (typeof url !== 'string' || url.trim() === '') {
	fail(
		`package.json has no repository.url: npm publish --provenance refuses the package without it. Set ${example}.`,
	);
}
if (!/^https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(normalise(url))) {
	fail(
		`package.json's repository.url is "${url}": give the repository's https address, as in ${example}.`,
	);
}
if (expected !== undefined && normalise(url) !== expected) {
	fail(
		`package.json's repository.url is "${url}", but this release is built from ${expected}: npm publish --provenance would refuse it (E422). Set ${example}, commit, and tag again.`,
	);
}
