import { ErrorCode, type FieldError, HTTP_STATUS_BY_CODE, type Problem, type RpcError } from '@sinergi/contracts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An error the gateway answers as RFC 9457 problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  static fromRpc(error: RpcError): ProblemError {
    return new ProblemError(
      HTTP_STATUS_BY_CODE[error.code],
      error.code,
      error.message,
      error.errors,
      error.details ?? {},
    );
  }

  static validation(errors: FieldError[]): ProblemError {
    return new ProblemError(
      400,
      ErrorCode.ValidationFailed,
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    );
  }

  toProblem(): Problem & Record<string, unknown> {
    return {
      type: `https://sinergi.example/problems/${this.code.replaceAll('_', '-')}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}
