export {
  AES_256_KEY_BYTES,
  GCM_IV_BYTES,
  GCM_TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  generateAesKey,
  generateGcmIv,
  type AesGcmInput,
} from './aes-gcm.js';
export { BLIND_INDEX_MIN_KEY_BYTES, blindIndex, type BlindIndexInput } from './blind-index.js';
export { constantTimeEqual } from './compare.js';
export {
  DecryptionError,
  InvalidCryptoInputError,
  MalformedTokenError,
  PasswordHashError,
  SealedFormatError,
  UnknownKeyIdError,
} from './errors.js';
export { HKDF_SHA256_MAX_BYTES, hkdfSha256, type HkdfInput } from './hkdf.js';
export { hmacSha256 } from './hmac.js';
export { createKeyring, type Keyring } from './keyring.js';
export {
  MAX_PASSWORD_BYTES,
  PASSWORD_HASH_PARAMETERS,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptParameters,
} from './password.js';
export { SEALED_FORMAT_V1, open, seal, sealedKeyId, type SealOptions } from './seal.js';
export { SIGNATURE_HEADER, signCallback } from './signature.js';
export {
  SINGLE_USE_TOKEN_BYTES,
  createSingleUseToken,
  hashSingleUseToken,
  singleUseTokenMatches,
  type SingleUseToken,
} from './token.js';
