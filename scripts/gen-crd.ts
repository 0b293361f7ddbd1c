// Writes deploy/base/crd/{applications,projects}.tideway.dev.yaml from the field tables (npm run gen:crd).
import { writeFileSync } from 'node:fs';
import { CRD_FILE, PROJECT_CRD_FILE, renderApplicationCrd, renderProjectCrd } from '../src/controller/crd-yaml.js';

writeFileSync(CRD_FILE, renderApplicationCrd());
console.log(`wrote ${CRD_FILE}`);
writeFileSync(PROJECT_CRD_FILE, renderProjectCrd());
console.log(`wrote ${PROJECT_CRD_FILE}`);
