export { messagesApi, type MessagesApiOptions, type OutboxEntry } from './api.js';
export {
  ApiKeyStore,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  mayReach,
  type ApiKeyRecord,
  type ApiKeySettings,
} from './api-keys.js';
export {
  emailChannel,
  messageMail,
  smsChannel,
  type ChannelSender,
  type Channels,
  type SmsChannelOptions,
} from './channels.js';
export { messagesConfigProperties } from './config.js';
export {
  ApiKeySettingsError,
  ContentKeyringError,
  DeliveryError,
  IdempotencyKeyReusedError,
  InvalidApiKeyError,
  MessageNotFoundError,
  RateLimitedError,
  RecipientOutOfScopeError,
  ServiceUnavailableError,
} from './errors.js';
export { MIN_KEY_MATERIAL_LENGTH, parseMessageKeyrings, type MessageKeyrings } from './keyring.js';
export {
  MessageStore,
  newMessageId,
  sortKeyOf,
  type MessageContent,
  type MessageRecord,
  type NewMessage,
} from './message-store.js';
export { E164_PHONE, mailboxOf, mailboxToRead } from './recipient.js';
export { messageSender, type MessageSenderOptions, type SendOutcome } from './sender.js';
export {
  apiKeysTable,
  contentKeyringSecret,
  messagesService,
  messagesTable,
  outboxQueue,
  requestsTable,
} from './service.js';
export { isUnavailable } from './unavailable.js';
