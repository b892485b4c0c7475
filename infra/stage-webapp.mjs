// Lays out what App Service runs in build/webapp: the compiled bot (dist/src), the card templates,
// the statistics tab's page (web/), package.json and package-lock.json. `npm ci --omit=dev` in that
// folder then adds the production dependencies, and the folder is zipped as it is (m365agents.yml's
// deploy, or docs/deploy.md's `az webapp deploy`). Run `npm run build` first. Plain Node, so it works the same on Windows.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'webapp');

if (!existsSync(join(root, 'dist', 'src', 'main.js'))) {
  console.error('dist/src/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The source maps stay behind: stack traces in the logs name the compiled files.
cpSync(join(root, 'dist', 'src'), join(out, 'dist', 'src'), { recursive: true, filter: (src) => !src.endsWith('.map') });
// Read at run time: src/cards/card-template.ts finds them next to the nearest package.json.
cpSync(join(root, 'cards'), join(out, 'cards'), { recursive: true });
// The same for the statistics tab: src/http/routes/statistics-page.ts serves web/statistik/.
cpSync(join(root, 'web'), join(out, 'web'), { recursive: true });
// The deployment's units file lives here (UNITS_FILE=config/units.json; docs/deploy.md, Units).
cpSync(join(root, 'config'), join(out, 'config'), { recursive: true });
for (const file of ['package.json', 'package-lock.json', '.webappignore']) cpSync(join(root, file), join(out, file));
console.log(out);
