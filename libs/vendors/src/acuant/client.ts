import { setTimeout as sleep } from 'node:timers/promises';
import {
  OutboundHttpError,
  httpRequest,
  type HttpClient,
  type OutboundRequest,
  type OutboundResponse,
} from '@backend/platform';
import { DocAuthErrors, imageHttpErrors } from '../document/doc-auth.js';
import { emptyDocumentVerdict } from '../document/verdict.js';
import type {
  DocumentCallOptions,
  DocumentImages,
  DocumentVendor,
  DocumentVerdict,
} from '../document/types.js';
import { mapTransportError, sendToVendor, unreadable as unreadableFrom } from '../shared/http.js';
import { isRecord } from '../shared/json.js';
import type { SecretSource } from '../shared/secret-config.js';
import { acuantConfig, type AcuantConfig } from './config.js';
import { UnreadableResultError, readDocumentResult, type DocumentResult } from './results.js';

export interface AcuantAssureIdOptions {
  /** The Secrets Manager secret holding URLs, credentials and timeout (see `acuantConfig`). */
  secretName: string;
  http?: HttpClient;
  /** Where the secret is read (a Secrets Manager client, cache age); the default client otherwise. */
  secrets?: SecretSource;
}

/** AssureID answers these for an image it cannot use: a verdict for the user, not a vendor failure. */
const IMAGE_STATUSES = new Set([438, 439, 440]);
type ImageStatus = 438 | 439 | 440;
/** Acuant sometimes answers 404 for an instance created a moment ago; the IDP retries twice. */
const NOT_FOUND_RETRIES = 2;
const DELETE_TIMEOUT_MS = 2_000;
/** Results carry every field and alert; the portrait is a small JPEG. Anything larger is not Acuant. */
const MAX_RESPONSE_BYTES = 8 << 20;
const INSTANCE_ID = /^[0-9A-Za-z-]{1,100}$/;

const LABEL = 'acuant';
const unreadable = () => unreadableFrom(LABEL);

const parseJson = (response: OutboundResponse): unknown => {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    throw unreadable(); // no cause: a SyntaxError quotes the body
  }
};

interface SelfieResult {
  passed: boolean;
  face_match_results: { is_match: boolean; match_score: number | null };
  selfie_liveness_results: Record<string, unknown>;
}

/**
 * Acuant AssureID with face match and liveness, over Acuant's REST API as login.gov's IDP client uses it
 * (identity-idp `DocAuth::Acuant`): create a document instance, upload the front and back, read the
 * result; when liveness is on and the card passed, match the selfie against the card's portrait and check
 * that it is live; then delete the instance. Credentials come from a Secrets Manager JSON secret. Errors
 * carry our own short messages, never a response body, PII or image bytes; nothing is logged here.
 */
export class AcuantAssureIdVendor implements DocumentVendor {
  readonly name = 'acuant:assure_id';
  readonly #http: HttpClient;
  readonly #config: () => Promise<AcuantConfig>;

  constructor(options: AcuantAssureIdOptions) {
    this.#http = options.http ?? httpRequest;
    this.#config = acuantConfig(options.secretName, options.secrets);
  }

  async proof(images: DocumentImages, options: DocumentCallOptions): Promise<DocumentVerdict> {
    const config = await this.#config();
    const call = new AcuantCall(config, this.#http, options.signal);
    const instanceId = await call.createDocument();
    try {
      const front = await call.uploadImage(instanceId, 'front', images.front);
      if (front !== undefined) return imageFailure(instanceId, front, ['front']);
      const back = await call.uploadImage(instanceId, 'back', images.back);
      if (back !== undefined) return imageFailure(instanceId, back, ['back']);
      const document = await call.getResults(instanceId, options.livenessCheckingEnabled);
      if (!('result' in document)) return imageFailure(instanceId, document.status, ['front', 'back']);

      let selfie: SelfieResult | null = null;
      if (options.livenessCheckingEnabled && document.success && images.selfie?.length) {
        selfie = await call.checkSelfie(instanceId, images.selfie);
      }
      return verdictOf(instanceId, document, options.livenessCheckingEnabled, selfie);
    } finally {
      await call.deleteDocument(instanceId);
    }
  }
}

function imageFailure(
  instanceId: string,
  status: ImageStatus,
  sides: readonly ('front' | 'back')[],
): DocumentVerdict {
  return {
    ...emptyDocumentVerdict(),
    success: false,
    errors: imageHttpErrors(status, sides),
    transaction_id: instanceId,
  };
}

function verdictOf(
  instanceId: string,
  document: DocumentResult,
  livenessEnabled: boolean,
  selfie: SelfieResult | null,
): DocumentVerdict {
  // With liveness on, no checked selfie (none given, or the card failed first) is never a pass.
  const selfieOk = !livenessEnabled || selfie?.passed === true;
  const success = document.success && selfieOk;
  return {
    success,
    errors: !document.success ? document.errors : selfieOk ? {} : { selfie: [DocAuthErrors.SELFIE_FAILURE] },
    billed: document.billed,
    result: document.result,
    alert_failure_count: document.processedAlerts.failed.length,
    face_match_results: selfie?.face_match_results ?? null,
    image_metrics: document.imageMetrics,
    processed_alerts: document.processedAlerts,
    raw_alerts: document.rawAlerts,
    raw_regions: document.rawRegions,
    selfie_liveness_results: selfie?.selfie_liveness_results ?? null,
    pii_from_doc: document.pii,
    transaction_id: instanceId,
  };
}

/** The requests of one `proof` call, all bounded by the job's signal and the per-request timeout. */
class AcuantCall {
  readonly #authorization: string;

  constructor(
    private readonly config: AcuantConfig,
    private readonly http: HttpClient,
    private readonly signal: AbortSignal,
  ) {
    const credentials = `${config.username}:${config.password}`;
    this.#authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }

  async createDocument(): Promise<string> {
    const response = await this.#send({
      url: new URL('/AssureIDService/Document/Instance', this.config.assureIdUrl),
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        AuthenticationSensitivity: 0,
        ClassificationMode: 0,
        Device: {
          HasContactlessChipReader: false,
          HasMagneticStripeReader: false,
          SerialNumber: 'xxxxx',
          // Sensor "unknown" and cropping "always": photos from a browser, not Acuant's capture SDK.
          Type: { Manufacturer: 'Login.gov', Model: 'Doc Auth 1.0', SensorType: '0' },
        },
        ImageCroppingExpectedSize: '1',
        ImageCroppingMode: '3',
        ManualDocumentType: null,
        ProcessMode: 0,
        SubscriptionId: this.config.subscriptionId,
      }),
    });
    const instanceId = parseJson(response);
    if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) throw unreadable();
    return instanceId;
  }

  /** Undefined when AssureID took the image; the 438/439/440 status when it could not use it. */
  async uploadImage(
    instanceId: string,
    side: 'front' | 'back',
    image: Buffer,
  ): Promise<ImageStatus | undefined> {
    const url = this.#documentUrl(instanceId, '/Image');
    url.searchParams.set('side', side === 'front' ? '0' : '1');
    url.searchParams.set('light', '0');
    const response = await this.#send(
      { url, method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: image },
      true,
    );
    return IMAGE_STATUSES.has(response.status) ? (response.status as ImageStatus) : undefined;
  }

  async getResults(
    instanceId: string,
    livenessEnabled: boolean,
  ): Promise<DocumentResult | { status: ImageStatus }> {
    const response = await this.#send({ url: this.#documentUrl(instanceId, ''), method: 'GET' }, true);
    if (IMAGE_STATUSES.has(response.status)) return { status: response.status as ImageStatus };
    try {
      return readDocumentResult(parseJson(response), livenessEnabled);
    } catch (error) {
      if (error instanceof UnreadableResultError) throw unreadable();
      throw error;
    }
  }

  /** Face match against the card's portrait and liveness, side by side; the first failure stops both. */
  async checkSelfie(instanceId: string, selfie: Buffer): Promise<SelfieResult> {
    const portraitUrl = this.#documentUrl(instanceId, '/Field/Image');
    portraitUrl.searchParams.set('key', 'Photo');
    const portrait = (await this.#send({ url: portraitUrl, method: 'GET' })).body;
    if (portrait.length === 0) throw unreadable();

    const selfieBase64 = selfie.toString('base64');
    const settings = { SubscriptionId: this.config.subscriptionId };
    const both = new AbortController();
    const signal = AbortSignal.any([this.signal, both.signal]);
    const stopOnFailure = <T>(promise: Promise<T>) =>
      promise.catch((error: unknown) => {
        both.abort();
        throw error;
      });
    const [match, liveness] = await Promise.all([
      stopOnFailure(
        this.#send(
          {
            url: new URL('/api/v1/facematch', this.config.facialMatchUrl),
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              Data: { ImageOne: selfieBase64, ImageTwo: portrait.toString('base64') },
              Settings: settings,
            }),
          },
          false,
          signal,
        ).then(parseJson),
      ),
      stopOnFailure(
        this.#send(
          {
            url: new URL('/api/v1/liveness', this.config.passliveUrl),
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              Settings: { ...settings, AdditionalSettings: { OS: 'UNKNOWN' } },
              Image: selfieBase64,
            }),
          },
          false,
          signal,
        ).then(parseJson),
      ),
    ]);

    if (!isRecord(match) || typeof match.IsMatch !== 'boolean' || !isRecord(liveness)) throw unreadable();
    const result = isRecord(liveness.LivenessResult) ? liveness.LivenessResult : {};
    const assessment = typeof result.LivenessAssessment === 'string' ? result.LivenessAssessment : null;
    const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
    const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null);
    return {
      passed: match.IsMatch && assessment === 'Live',
      face_match_results: { is_match: match.IsMatch, match_score: number(match.Score) },
      selfie_liveness_results: {
        liveness_assessment: assessment,
        liveness_score: number(result.Score),
        acuant_error: {
          message: short(liveness.Error),
          code: number(liveness.ErrorCode) ?? short(liveness.ErrorCode),
        },
      },
    };
  }

  /** Best effort: the verdict stands whatever happens here, and a late job does not wait long for it. */
  async deleteDocument(instanceId: string): Promise<void> {
    try {
      await this.http({
        url: this.#documentUrl(instanceId, ''),
        method: 'DELETE',
        headers: { Authorization: this.#authorization, Accept: 'application/json' },
        timeoutMs: Math.min(DELETE_TIMEOUT_MS, this.config.requestTimeoutMs),
        maxResponseBytes: 64 * 1024,
      });
    } catch {
      // Acuant expires instances on its own; nothing to report.
    }
  }

  #documentUrl(instanceId: string, suffix: string): URL {
    return new URL(
      `/AssureIDService/Document/${encodeURIComponent(instanceId)}${suffix}`,
      this.config.assureIdUrl,
    );
  }

  /**
   * One request with auth, timeouts and the size cap; 2xx is returned, and so are 438-440 where the caller
   * asks for them. Anything else becomes a VendorError with our own message.
   */
  async #send(
    request: OutboundRequest,
    imageStatuses = false,
    signal = this.signal,
  ): Promise<OutboundResponse> {
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted)
        throw mapTransportError(LABEL, new OutboundHttpError('aborted', 'aborted before the request'));
      const retry404 = attempt < NOT_FOUND_RETRIES;
      const response = await sendToVendor(
        LABEL,
        this.http,
        {
          ...request,
          headers: { ...request.headers, Authorization: this.#authorization, Accept: 'application/json' },
          signal,
          timeoutMs: this.config.requestTimeoutMs,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        },
        (status) => (imageStatuses && IMAGE_STATUSES.has(status)) || (status === 404 && retry404),
      );
      if (response.status !== 404) return response;
      // 50 ms, then 100 ms, with jitter, as the IDP's Faraday retry does.
      await sleep(50 * 2 ** attempt * (0.75 + Math.random() * 0.5), undefined, { signal }).catch(
        () => undefined,
      );
    }
  }
}
