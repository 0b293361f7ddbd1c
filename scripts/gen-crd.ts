// Writes deploy/crd/applications.tideway.dev.yaml from the Application field table (npm run gen:crd).
import { writeFileSync } from 'node:fs';
import { CRD_FILE, renderApplicationCrd } from '../src/controller/crd-yaml.js';

writeFileSync(CRD_FILE, renderApplicationCrd());
console.log(`wrote ${CRD_FILE}`);
