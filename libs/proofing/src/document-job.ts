import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { validateProofDocumentInput, type DocumentResult, type ProofDocumentInput } from '@backend/contracts';
import { AES_256_KEY_BYTES, GCM_IV_BYTES, aesGcmDecrypt } from '@backend/crypto';
import { ValidationError, logger, validatorFrom } from '@backend/platform';
import type { DocumentImages, DocumentVendor } from '@backend/vendors';
import { documentLocation, type DocumentBucketPolicy, type DocumentLocation } from './document-location.js';
import type { ProofingJob } from './job.js';
import { failedDocumentResult } from './results.js';
import { callVendor } from './vendor-call.js';

const validateInput = validatorFrom(validateProofDocumentInput);
const SIDES = ['front', 'back', 'selfie'] as const;
type Side = (typeof SIDES)[number];

interface PayloadImages {
  key: Buffer;
  where: Partial<Record<Side, DocumentLocation>>;
  ivs: Record<Side, Buffer | undefined>;
}

export interface DocumentJobOptions {
  vendor: DocumentVendor;
  s3: S3Client;
  bucket: DocumentBucketPolicy;
  /** Larger objects are refused before they are read into memory. */
  maxImageBytes?: number;
}

/** An image that could not be read or decrypted; the result names the image, never its bytes. */
class DocumentImageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DocumentImageError';
  }
}

/**
 * Document proofing: reads the encrypted images from the document bucket (and only from there), decrypts them in
 * memory with the key the browser made, has the document vendor authenticate them, and deletes them once the IDP
 * has the result.
 */
export function documentJob(options: DocumentJobOptions): ProofingJob<unknown, DocumentResult> {
  const maxImageBytes = options.maxImageBytes ?? 15 * 1024 * 1024;

  const locations = (input: ProofDocumentInput): Partial<Record<Side, DocumentLocation>> => ({
    front: documentLocation(input.front_image_url, 'front_image_url', options.bucket),
    back: documentLocation(input.back_image_url, 'back_image_url', options.bucket),
    ...(input.liveness_checking_enabled
      ? {
          selfie: documentLocation(
            required(input.selfie_image_url, 'selfie_image_url'),
            'selfie_image_url',
            options.bucket,
          ),
        }
      : {}),
  });

  /** The key, the objects and the IVs a payload names; a bad key, URL or IV is a ValidationError. */
  const imagesOf = (input: ProofDocumentInput): PayloadImages => {
    const where = locations(input);
    return {
      key: decode(input.encryption_key, AES_256_KEY_BYTES, 'encryption_key'),
      where,
      ivs: {
        front: decode(input.front_image_iv, GCM_IV_BYTES, 'front_image_iv'),
        back: decode(input.back_image_iv, GCM_IV_BYTES, 'back_image_iv'),
        selfie: where.selfie
          ? decode(required(input.selfie_image_iv, 'selfie_image_iv'), GCM_IV_BYTES, 'selfie_image_iv')
          : undefined,
      },
    };
  };

  /** The sides each payload's invocation decrypted, for afterDelivery in the same invocation. */
  const decryptedSides = new WeakMap<object, Set<Side>>();

  const readImage = async (
    side: Side,
    where: DocumentLocation,
    key: Buffer,
    iv: Buffer,
    signal: AbortSignal,
  ) => {
    let data: Uint8Array;
    try {
      const object = await options.s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), {
        abortSignal: signal,
      });
      if ((object.ContentLength ?? 0) > maxImageBytes) {
        // An unread body keeps its pooled connection busy: release it rather than wait for the GC.
        (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new DocumentImageError(`${side} image is larger than ${maxImageBytes} bytes`);
      }
      data = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      // The same limit when S3 sent no length.
      if (data.byteLength > maxImageBytes) {
        throw new DocumentImageError(`${side} image is larger than ${maxImageBytes} bytes`);
      }
    } catch (error) {
      if (error instanceof DocumentImageError) throw error;
      if (error instanceof NoSuchKey)
        throw new DocumentImageError(`${side} image not found`, { cause: error });
      throw new DocumentImageError(`${side} image could not be read`, { cause: error });
    }
    try {
      // Anything the browser (or someone else) uploaded ends here: an object shorter than the tag, empty or
      // forged fails the same way, as the applicant's bad image, never as a job error that Lambda retries.
      return aesGcmDecrypt({ key, iv, data });
    } catch (error) {
      throw new DocumentImageError(`${side} image could not be decrypted`, { cause: error });
    }
  };

  /**
   * Whether the object at `where` is this payload's own image: it decrypts (GCM authenticates it) under the
   * payload's key and IV. Only such objects are deleted, so a payload naming another applicant's object cannot
   * delete it. Used when this invocation did not read the images itself (a retry reusing the stored outcome).
   */
  const isOwnImage = async (...read: Parameters<typeof readImage>) => {
    try {
      (await readImage(...read)).fill(0);
      return true;
    } catch {
      return false;
    }
  };

  return {
    type: 'document',
    sensitiveValues: (event) => [(event as { encryption_key?: unknown } | null)?.encryption_key],
    failed: (exception) => failedDocumentResult(exception),
    async proof(event, deadlines): Promise<DocumentResult> {
      const input = validateInput(event);
      const { key, where, ivs } = imagesOf(input);
      const images: Partial<DocumentImages> = {};
      const own = new Set<Side>();
      if (typeof event === 'object' && event !== null) decryptedSides.set(event, own);
      try {
        // Read in parallel; when several fail, the result names the first side in front, back, selfie order.
        const reads = await Promise.allSettled(
          SIDES.map(async (side) => {
            const location = where[side];
            const iv = ivs[side];
            if (!location || !iv) return;
            const image = await readImage(side, location, key, iv, deadlines.vendor);
            own.add(side); // It decrypted under this payload's key: it is this applicant's upload.
            if (image.byteLength === 0) throw new DocumentImageError(`${side} image is empty`);
            images[side] = image;
          }),
        );
        const failure = reads.find((read) => read.status === 'rejected');
        if (failure) {
          const error: unknown = failure.reason;
          if (!(error instanceof DocumentImageError)) throw error;
          logger.warn('document image rejected', { error_class: error.name, reason: error.message });
          return failedDocumentResult(`${error.name}: ${error.message}`);
        }
        const outcome = await callVendor(options.vendor.name, deadlines.vendor, (signal) =>
          options.vendor.proof(images as DocumentImages, {
            signal,
            livenessCheckingEnabled: input.liveness_checking_enabled,
          }),
        );
        if (!outcome.ok) return failedDocumentResult(outcome.exception);
        const { transaction_id: _transactionId, ...verdict } = outcome.verdict;
        return { ...verdict, exception: null };
      } finally {
        // The decrypted images leave memory with the job, not with the next garbage collection.
        for (const image of Object.values(images)) image?.fill(0);
      }
    },
    async afterDelivery(event, deadlines) {
      let images: PayloadImages;
      try {
        images = imagesOf(validateInput(event));
      } catch {
        return; // Nothing was read, so there is nothing of ours to delete.
      }
      // The sides this invocation decrypted; after a retry that reused the stored outcome, each is checked again.
      const decrypted = typeof event === 'object' && event !== null ? decryptedSides.get(event) : undefined;
      const own = await Promise.all(
        SIDES.map(async (side) => {
          const location = images.where[side];
          const iv = images.ivs[side];
          if (!location || !iv) return undefined;
          if (decrypted) return decrypted.has(side) ? location : undefined;
          return (await isOwnImage(side, location, images.key, iv, deadlines.job)) ? location : undefined;
        }),
      );
      const mine = own.filter((location): location is DocumentLocation => location !== undefined);
      const kept = Object.keys(images.where).length - mine.length;
      if (kept > 0)
        logger.info('document images left in place: not decrypted under this payload key (or gone)', {
          kept,
        });
      const deletions = mine.map((location) =>
        options.s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })),
      );
      const failed = (await Promise.allSettled(deletions)).filter((r) => r.status === 'rejected').length;
      if (failed > 0) logger.warn('document images not deleted', { failed, total: deletions.length });
    },
  };
}

function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) {
    throw new ValidationError(`${field} is required when liveness checking is enabled`, { field });
  }
  return value;
}

function decode(base64: string, bytes: number, field: string): Buffer {
  const decoded = Buffer.from(base64, 'base64');
  if (decoded.byteLength !== bytes)
    throw new ValidationError(`${field} must decode to ${bytes} bytes`, { field });
  return decoded;
}
