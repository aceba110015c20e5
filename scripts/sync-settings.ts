// Writes package.json `contributes.configuration` from the settings schema in src/core/settings.ts, the one
// source of truth; test/unit/settings.test.ts fails when the two differ. Run: npm run settings:sync
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configurationContribution } from '../src/core/settings-contribution';

const file = path.join(import.meta.dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
manifest.contributes.configuration = configurationContribution();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `package.json: contributes.configuration has ${Object.keys(manifest.contributes.configuration.properties).length} settings`,
);
