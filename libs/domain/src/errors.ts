/** A command the domain refuses. `code` is stable for clients; `message` tells the user what to do. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
    Object.setPrototypeOf(this, DomainError.prototype); // because we extend a built-in class
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
