import { TidewayError } from '../../core/errors.js';

/** A health check file or script that cannot be used; the message names the file, and the key or line. */
export class HealthCheckLoadError extends TidewayError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('InvalidManifest', `${file}: ${message}`);
  }
}
