// Run once by `npm install` (postinstall, through src/launch.mjs): builds the village index's cache file
// (node_modules/.cache/daftarin/areas.bin), so the first `npm start` is as quick as every later one instead of
// spending ~1.3 s building the index from the CSV files.
import { warmAreas } from './domain/areas.ts';

const stats = await warmAreas();
process.stdout.write(`daftarin: village index ready (${stats.villages.toLocaleString('en-US')} villages, ${stats.loadMs} ms)\n`);
