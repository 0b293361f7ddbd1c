import type { FetchBound } from '../core/project/check-fetch.js';
import type { ResolvedProject } from '../core/project/project.js';
import type { Logger } from '../log/logger.js';
import type { PolicySet } from '../policy/admission/policy-set.js';
import type { Renderer } from '../render/renderer.js';
import type { RenderCache } from '../render/render-cache.js';
import type { ParseCache } from '../render/parse-cache.js';
import type { Source } from '../source/source.js';
import type { Target } from '../target/target.js';

/** What the engine needs, passed as plain parameters (no container, no singleton). */
export interface EngineDeps {
  source: Source;
  renderer: Renderer;
  target: Target;
  log: Logger;
  clock: () => Date;
  /**
   * Who syncs, as the app's inventory records it: an agent's identity, or `cli` (the default) for a
   * person's command (core/inventory/manager-decision.ts).
   */
  manager?: string;
  /** The agent's own ValidatingAdmissionPolicies (`--policies DIR`), checked with each app's own before any write. */
  agentPolicies?: PolicySet;
  /**
   * The app's project: the rendered objects are checked against its kinds, namespaces and permissions
   * before any write (a `ProjectViolation` error). Absent: no check (the command line; apps of the
   * operator's files in the implicit default project).
   */
  project?: ResolvedProject;
  /** The project's bound on what a render fetches by itself (Kustomize remote bases, chart archives on other hosts). */
  fetchBound?: FetchBound;
  /** Rendered objects per commit, so an unchanged revision needs no checkout nor render. */
  renderCache?: RenderCache;
  /** Parsed manifest files by content, so a new commit re-parses only the files it changed. */
  parseCache?: ParseCache;
}
