// Domain errors thrown below the routes; the error handler turns them into problem details or pages.

export interface FieldError {
  /** Dotted path of the field, e.g. `subject.dateOfBirth`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

/** Missing or not visible to this user: the same answer either way, so ids cannot be probed. */
export class NotFoundError extends AppError {
  constructor(message = 'The page or record was not found.') {
    super(404, 'Not found', message, 'not-found');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that.') {
    super(403, 'Forbidden', message, 'forbidden');
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'Unauthorised', message, 'unauthenticated');
  }
}

/** An illegal workflow step or a lost optimistic-concurrency race. */
export class ConflictError extends AppError {
  constructor(message: string, type = 'conflict') {
    super(409, 'Conflict', message, type);
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldError[],
    message = 'The request has invalid fields.',
  ) {
    super(422, 'Invalid request', message, 'validation');
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, type = 'bad-request') {
    super(400, 'Bad request', message, type);
  }
}
