export * from './project.js';
export * from './project-violation.js';
export { resolveProject } from './resolve-project.js';
export { implicitDefaultProject } from './default-project.js';
export { checkApp, projectOf, sourceAllowed, type AppCheckInput } from './check-app.js';
export { checkObjects, type ScopeLookup } from './check-objects.js';
export { isLocalRepoURL, localRepoPath, isInside } from './local-source.js';
export { checkFetch, fetchBound, repositoryOf, type FetchBound, type FetchCheckInput } from './check-fetch.js';
