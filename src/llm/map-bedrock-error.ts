/**
 * Turns what the AWS SDK throws for a Converse call into an `LlmError` of our retry classes.
 * Bedrock names its errors (`ThrottlingException`, `AccessDeniedException`, …) instead of
 * relying on the status alone, and the SDK exports a class per modelled error; unmodelled ones
 * (`ExpiredTokenException`, `UnrecognizedClientException`) arrive as the service's base class with
 * that name. The SDK module is passed in by the provider that loaded it, so this module never
 * imports the SDK itself.
 */
import type * as BedrockSdk from '@aws-sdk/client-bedrock-runtime';
import { causeChain, clip } from './map-sdk-error.js';
import { describeProvider } from './provider-labels.js';
import { redactSecrets } from './redact.js';
import { LlmError, type LlmErrorKind } from './types.js';

type SdkErrors = Pick<
  typeof BedrockSdk,
  | 'BedrockRuntimeServiceException'
  | 'ThrottlingException'
  | 'ServiceQuotaExceededException'
  | 'ModelNotReadyException'
  | 'AccessDeniedException'
  | 'ModelTimeoutException'
  | 'InternalServerException'
  | 'ServiceUnavailableException'
  | 'ModelErrorException'
>;

export interface BedrockErrorContext {
  baseUrl: string;
  model: string;
  region: string;
  timeoutSeconds: number;
  /** The caller's signal: tells a timeout abort from a cancellation. */
  signal?: AbortSignal;
}

const WHO = describeProvider('bedrock');
/** Identity errors that no retry can fix. */
const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ExpiredToken',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

export const SET_CREDENTIALS =
  'Set AWS_PROFILE (a profile in ~/.aws/config, e.g. after `aws sso login`), or AWS_ACCESS_KEY_ID and ' +
  'AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or run where an IAM role applies';

export function mapBedrockError(error: unknown, sdk: SdkErrors, ctx: BedrockErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  const make = (kind: LlmErrorKind, text: string, status?: number) =>
    new LlmError(redactSecrets(text), { kind, ...(status === undefined ? {} : { status }) });
  const name = error instanceof Error ? error.name : '';

  if (name === 'CredentialsProviderError') {
    return make('auth', `${WHO}: no AWS credentials found (${clip(messageOf(error))}). ${SET_CREDENTIALS}.`);
  }
  if (error instanceof sdk.BedrockRuntimeServiceException) {
    const status = error.$metadata.httpStatusCode;
    const detail = clip(error.message);
    const code = `${error.name}${status === undefined ? '' : `, HTTP ${status}`}`;
    if (error instanceof sdk.AccessDeniedException) {
      return make(
        'auth',
        `${WHO}: access denied (${code}): ${detail}. The AWS identity in use needs bedrock:InvokeModel on ` +
          `${ctx.model} in ${ctx.region}, and the model must be enabled under "Model access" in the Bedrock ` +
          `console. ${SET_CREDENTIALS} for an identity that has it.`,
        status,
      );
    }
    if (CREDENTIAL_ERRORS.has(error.name) || status === 401 || status === 403) {
      return make('auth', `${WHO}: the AWS credentials were rejected (${code}): ${detail}. ${SET_CREDENTIALS}.`, status);
    }
    if (
      error instanceof sdk.ThrottlingException ||
      error instanceof sdk.ServiceQuotaExceededException ||
      status === 429
    ) {
      return make('rate-limit', `${WHO}: throttled (${code}): ${detail}`, status);
    }
    if (error instanceof sdk.ModelTimeoutException) {
      return make('timeout', `${WHO}: the model did not answer in time (${code}): ${detail}`, status);
    }
    if (
      error instanceof sdk.ModelNotReadyException ||
      error instanceof sdk.InternalServerException ||
      error instanceof sdk.ServiceUnavailableException ||
      error instanceof sdk.ModelErrorException ||
      (status !== undefined && status >= 500)
    ) {
      return make('server', `${WHO}: server error (${code}): ${detail}`, status);
    }
    if (error.name === 'ResourceNotFoundException' || status === 404) {
      return make(
        'bad-request',
        `${WHO}: model ${ctx.model} not found in ${ctx.region} (${code}): ${detail}. Check --llm-model: a ` +
          'model id (anthropic.claude-3-5-haiku-20241022-v1:0) or an inference profile (us.anthropic.…).',
        status,
      );
    }
    return make('bad-request', `${WHO}: request rejected (${code}): ${detail}`, status);
  }
  if (name === 'AbortError') {
    const reason: unknown = ctx.signal?.reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return make('timeout', `${WHO}: request to ${ctx.baseUrl} timed out (aborted by the caller's deadline)`);
    }
    return make('connection', `${WHO}: request to ${ctx.baseUrl} was cancelled`);
  }
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  // The HTTP handler names socket resets "TimeoutError" too; the code tells them apart.
  if (name === 'TimeoutError' && (code === undefined || code === 'ETIMEDOUT')) {
    return make('timeout', `${WHO}: no answer from ${ctx.baseUrl} within ${ctx.timeoutSeconds}s (request timed out)`);
  }
  const text = error instanceof Error ? causeChain(error) : String(error);
  if (typeof code === 'string' || /socket|ECONN|EPIPE|other side closed|getaddrinfo/i.test(text)) {
    return make('connection', `${WHO}: could not reach ${ctx.baseUrl}: ${text}`);
  }
  return make('bad-response', `${WHO}: unreadable answer from ${ctx.baseUrl}: ${text}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
