import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { APPLICATION_KIND, resolveApplication } from '../core/application/resolve-application.js';
import { ValidationErrorList } from '../core/application/validation-problems.js';
import { TidewayError, ValidationError } from '../core/errors.js';
import type { RenderedObject } from '../core/model/manifest.js';
import { MAX_FILE_BYTES } from '../fs/confined-fs.js';
import { parseManifests } from '../render/parse-manifests.js';
import { ApplicationFileError } from './application-file-error.js';
import { isProjectDocument } from './project-document.js';

const APPLICATION_GROUP = 'tideway.dev/';

export interface Loaded {
  app: ResolvedApplication;
  file: string;
  line?: number;
}

/**
 * Reads a YAML file holding one or several Application documents; every document must be an Application.
 * YAML errors are RenderErrors naming `file:line`. Validation problems of all documents are reported
 * together, one per line, each prefixed with the file (and the document's line when the file holds
 * several documents): `apps/guestbook.yaml: spec.source.repoURL: is required`.
 */
export async function loadApplications(file: string): Promise<ResolvedApplication[]> {
  const errors: ValidationError[] = [];
  const loaded = resolveAll(await readDocuments(file), file, errors, (doc) => !isProjectDocument(doc));
  checkUniqueNames(loaded, errors);
  if (errors.length) throw new ValidationErrorList(errors);
  return loaded.map((l) => l.app);
}

/**
 * Reads every `.yaml`/`.yml` file of `dir` (sorted; hidden files skipped; subdirectories only with
 * `recurse`) and returns the Applications they hold (`kind: Application` with a `tideway.dev/` apiVersion),
 * ignoring other documents. A file that is not valid YAML, or a document that is not a Kubernetes
 * object, is an error: silently skipping it could make an Application disappear. Names must be unique.
 */
export async function loadApplicationsFromDir(dir: string, options: { recurse?: boolean } = {}): Promise<ResolvedApplication[]> {
  const errors: ValidationError[] = [];
  const loaded: Loaded[] = [];
  for (const file of await listYamlFiles(dir, options.recurse ?? false)) {
    const isApplication = (doc: RenderedObject) =>
      doc.object.kind === APPLICATION_KIND && doc.object.apiVersion.startsWith(APPLICATION_GROUP);
    loaded.push(...resolveAll(await readDocuments(file), file, errors, isApplication));
  }
  checkUniqueNames(loaded, errors);
  if (errors.length) throw new ValidationErrorList(errors);
  return loaded.map((l) => l.app);
}

/**
 * The Applications of one file, with the line of each: every document must be one when `strict`
 * (a file named on its own), else other documents are ignored (a file found in a directory).
 * Throws as loadApplications does; names are unique within the file.
 */
export async function loadApplicationFile(file: string, strict: boolean): Promise<Loaded[]> {
  const errors: ValidationError[] = [];
  const isApplication = (doc: RenderedObject) =>
    doc.object.kind === APPLICATION_KIND && doc.object.apiVersion.startsWith(APPLICATION_GROUP);
  const loaded = resolveAll(await readDocuments(file), file, errors, strict ? (doc) => !isProjectDocument(doc) : isApplication);
  checkUniqueNames(loaded, errors);
  if (errors.length) throw new ValidationErrorList(errors);
  return loaded;
}

export async function readDocuments(file: string): Promise<RenderedObject[]> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (cause) {
    throw new TidewayError('InvalidApplication', `${file}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
    });
  }
  if (size > MAX_FILE_BYTES)
    throw new TidewayError('InputTooLarge', `${file}: file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  return parseManifests(await readFile(file, 'utf8'), file);
}

function resolveAll(docs: RenderedObject[], file: string, errors: ValidationError[], wanted: (doc: RenderedObject) => boolean): Loaded[] {
  const several = docs.length > 1;
  const out: Loaded[] = [];
  for (const doc of docs) {
    if (!wanted(doc)) continue;
    const where = { file, line: several ? doc.origin?.line : undefined };
    try {
      out.push({ app: relativeToFile(resolveApplication(doc.object), file), ...where });
    } catch (error) {
      if (error instanceof ValidationErrorList) errors.push(...error.errors.map((e) => new ApplicationFileError(where, e)));
      else if (error instanceof ValidationError) errors.push(new ApplicationFileError(where, error));
      else throw error;
    }
  }
  return out;
}

function checkUniqueNames(loaded: Loaded[], errors: ValidationError[]): void {
  const first = new Map<string, Loaded>();
  for (const entry of loaded) {
    const earlier = first.get(entry.app.name);
    if (!earlier) {
      first.set(entry.app.name, entry);
      continue;
    }
    const at = (l: Loaded) => `${l.file}${l.line === undefined ? '' : `:${l.line}`}`;
    errors.push(
      new ApplicationFileError(
        { file: entry.file, line: entry.line },
        new ValidationError('metadata.name', `${JSON.stringify(entry.app.name)} is already defined at ${at(earlier)}`),
      ),
    );
  }
}

/** The `.yaml`/`.yml` files of `dir`, sorted; hidden entries skipped; subdirectories with `recurse` (symlink loops read once). */
export async function listYamlFiles(dir: string, recurse: boolean, seen = new Set<string>()): Promise<string[]> {
  let entries;
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return []; // a symlink loop, or the same directory reached twice
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new TidewayError(
      'InvalidApplication',
      `${dir}: cannot read the directory (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause },
    );
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (info?.isDirectory()) {
      if (recurse) files.push(...(await listYamlFiles(full, recurse, seen)));
    } else if (info?.isFile() && /\.ya?ml$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** A local repoURL written relative (`./config`, `../repo`) is relative to the Application file's directory. */
function relativeToFile(app: ResolvedApplication, file: string): ResolvedApplication {
  const url = app.source.repoURL;
  if (!url.startsWith('./') && !url.startsWith('../') && url !== '.' && url !== '..') return app;
  return { ...app, source: { ...app.source, repoURL: path.resolve(path.dirname(path.resolve(file)), url) } };
}
