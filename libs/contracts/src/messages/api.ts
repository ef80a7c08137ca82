import type { FromSchema } from 'json-schema-to-ts';
import { SCHEMA_DIALECT } from '../proofing/common.js';

// The messages API (`messages-api`): what a caller sends and what it gets back. The request schema is validated
// at run time (precompiled); the response schemas describe the API in its OpenAPI document.

/** Channels a message goes out by: email through SES, SMS through SNS. */
export const MESSAGE_CHANNELS = ['email', 'sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Longest `subject`, in characters (one line). */
export const MAX_SUBJECT_CHARACTERS = 200;
/** Longest `msg` of an email, in characters. */
export const MAX_EMAIL_MESSAGE_CHARACTERS = 10_000;
/** Longest `msg` of an SMS, in characters: SNS's limit for one SMS Publish. */
export const MAX_SMS_MESSAGE_CHARACTERS = 1_600;
/** Largest request body the API reads (413 above it): the longest message in 4-byte characters, with room. */
export const MAX_MESSAGE_REQUEST_BYTES = 64 * 1024;
/** Largest page of `GET /msg`. */
export const MAX_MESSAGE_PAGE_SIZE = 100;

/** `POST /msg`. The recipient's form (email or E.164) and the SMS length are checked per channel. */
export const sendMessageRequestSchema = {
  $schema: SCHEMA_DIALECT,
  $id: 'messages-send.input.json',
  title: 'POST /msg request body',
  type: 'object',
  required: ['msg_id', 'subject', 'msg'],
  additionalProperties: false,
  properties: {
    msg_id: {
      type: 'string',
      minLength: 3,
      maxLength: 254,
      description:
        'The recipient, which is also the mailbox: an email address for channel email, an E.164 phone number (+12025550147) for channel sms.',
    },
    subject: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_SUBJECT_CHARACTERS,
      pattern: '^[^\\r\\n]*$',
      description: 'One line. The email subject; an SMS does not carry it, but it is stored and listed.',
    },
    msg: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_EMAIL_MESSAGE_CHARACTERS,
      description: `The text: at most ${MAX_EMAIL_MESSAGE_CHARACTERS} characters by email, ${MAX_SMS_MESSAGE_CHARACTERS} by SMS.`,
    },
    store_secure: {
      type: 'boolean',
      description:
        'Store subject and text sealed (AES-256-GCM): lists then show no content, and only a key with the decrypt permission reads it.',
    },
    channel: { type: 'string', enum: MESSAGE_CHANNELS, description: 'email by default.' },
  },
} as const;

export type SendMessageRequest = FromSchema<typeof sendMessageRequestSchema>;

/** Where a message is: accepted and queued, being handed to SES or SNS, sent, or failed for good. */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** `202` of `POST /msg`. */
export const acceptedMessageSchema = {
  type: 'object',
  required: ['message_id', 'msg_id', 'status'],
  additionalProperties: false,
  properties: {
    message_id: { type: 'string', format: 'uuid', description: 'A UUIDv7: ids sort by creation time.' },
    msg_id: { type: 'string' },
    status: { type: 'string', enum: MESSAGE_STATUSES },
  },
} as const;

/** One message as `GET /msg` lists it and `GET /msg/{msg_id}/{message_id}` returns it. */
export const messageViewSchema = {
  type: 'object',
  required: ['message_id', 'msg_id', 'channel', 'status', 'store_secure', 'created_at', 'updated_at'],
  additionalProperties: false,
  properties: {
    message_id: { type: 'string', format: 'uuid' },
    msg_id: { type: 'string' },
    channel: { type: 'string', enum: MESSAGE_CHANNELS },
    status: { type: 'string', enum: MESSAGE_STATUSES },
    store_secure: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    sent_at: { type: 'string', format: 'date-time' },
    provider_message_id: { type: 'string', description: "SES's or SNS's message id, once sent." },
    failure_reason: { type: 'string', description: 'Why the message failed, once failed.' },
    subject: {
      type: 'string',
      description:
        'Absent from lists for store_secure messages, and from reads by keys that may not decrypt.',
    },
    msg: { type: 'string', description: 'As subject.' },
  },
} as const;

export type MessageView = FromSchema<typeof messageViewSchema>;

/** `GET /msg`: newest first. */
export const messagePageSchema = {
  type: 'object',
  required: ['messages'],
  additionalProperties: false,
  properties: {
    messages: { type: 'array', items: messageViewSchema },
    next: {
      type: 'string',
      description: 'Opaque cursor of the next page, for the same msg_id only; absent on the last page.',
    },
  },
} as const;
