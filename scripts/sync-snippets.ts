// Writes snippets/json.json from the sample event catalogue (src/core/scaffold/events), its one source;
// test/unit/snippets.test.ts fails when the two differ. Run: npx tsx scripts/sync-snippets.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSnippetFile, jsonSnippets } from '../src/core/scaffold/events/snippets';

const file = path.join(import.meta.dirname, '..', 'snippets', 'json.json');
writeFileSync(file, jsonSnippetFile());
console.log(`snippets/json.json: ${Object.keys(jsonSnippets()).length} event snippets`);
