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
export { constantTimeEqual } from './compare.js';
export { DecryptionError, InvalidCryptoInputError } from './errors.js';
export { hmacSha256 } from './hmac.js';
export { SIGNATURE_HEADER, signCallback } from './signature.js';
