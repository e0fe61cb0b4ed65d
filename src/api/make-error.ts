// The one place the client makes an ApiError out of what happened on the wire (a server's answer, a
// timeout, a reset, a cancel): the server's quote and the whole message are scrubbed of every known secret
// as they are made, so no later pass has to rewrite an error, and its stack never held a secret.
import { ApiError, describeAuthError, describeFailure, describeStatusError, redactSecrets } from './errors.ts';
import type { ApiErrorCode, FailureDetails, RequestContext, StatusDetails } from './errors.ts';
import { extractServerMessage } from './validate-response.ts';

/** Every known secret (client and access-key secrets, issued tokens, URL passwords) replaced by a mask. */
export type Scrub = (text: string) => string;

export class ErrorMaker {
  private readonly scrub: Scrub;

  constructor(scrub: Scrub) {
    this.scrub = scrub;
  }

  /**
   * The server's own words for an error, short. Scrubbed whole before the cut, so no prefix of a secret
   * survives it; `sent` (what this request carried: a gateway may echo the body) is blanked out too.
   */
  quote(body: string, sent: readonly string[] = []): string | undefined {
    return extractServerMessage(body, (text) => this.scrub(redactSecrets(text, sent)));
  }

  /** A final non-2xx answer of the debug, flow or token endpoint. */
  status(ctx: RequestContext, details: StatusDetails): ApiError {
    return this.make(ctx, describeStatusError(ctx, details), details);
  }

  /** The token endpoint refused the request (any 4xx but 408/429). */
  refusal(ctx: RequestContext, details: StatusDetails & { accessKey: boolean }): ApiError {
    return this.make(ctx, describeAuthError(ctx, details), details);
  }

  /** An attempt that produced no usable answer, or was cancelled. */
  failure(ctx: RequestContext, details: FailureDetails): ApiError {
    return new ApiError({
      ...this.words(describeFailure(ctx, details)),
      ...ctx,
      ...(details.status !== undefined && { status: details.status }),
      cause: details.cause,
    });
  }

  /** A request refused before it is sent (no attempt made): a flow id that would leave its endpoint, an empty credential. */
  unsent(ctx: RequestContext, code: ApiErrorCode, message: string): ApiError {
    return new ApiError({ ...this.words({ code, message }), ...ctx });
  }

  private make(ctx: RequestContext, described: { code: ApiErrorCode; message: string }, details: StatusDetails): ApiError {
    return new ApiError({
      ...this.words(described),
      ...ctx,
      status: details.status,
      ...(details.serverMessage !== undefined && { serverMessage: details.serverMessage }),
      ...(details.trace !== undefined && { trace: details.trace }),
    });
  }

  /** The URL, a transport's reason and a depth error's keys come from outside too: the whole message is scrubbed. */
  private words(described: { code: ApiErrorCode; message: string }): { code: ApiErrorCode; message: string } {
    return { code: described.code, message: this.scrub(described.message) };
  }
}
