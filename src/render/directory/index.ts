export { createDirectoryRenderer, DEFAULT_DIRECTORY_LIMITS, type DirectoryRendererOptions } from './directory-renderer.js';
