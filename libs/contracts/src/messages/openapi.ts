import { errorEnvelopeSchema, openApiComponent } from '../error-envelope.js';
import {
  MAX_MESSAGE_PAGE_SIZE,
  acceptedMessageSchema,
  messagePageSchema,
  messageViewSchema,
  sendMessageRequestSchema,
} from './api.js';

// The messages API's OpenAPI 3.1 document, built from the same schemas the function validates with, so the two
// cannot disagree. `npx nx run contracts:generate` writes it (and its HTML page) to docs/api/messages.*.

/** A JSON Schema as a component: without the `$schema` and `$id` of a standalone file. */
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const msgIdParameter = (where: 'query' | 'path') => ({
  name: 'msg_id',
  in: where,
  required: true,
  description: 'The mailbox: an email address or an E.164 phone number, within the API key’s scope.',
  schema: { type: 'string', maxLength: 254 },
});

const common = {
  '401': errorResponse('INVALID_API_KEY: no key, a key never issued, or a revoked key.'),
  '403': errorResponse('RECIPIENT_OUT_OF_SCOPE: the key may not send to or read this recipient.'),
  '429': {
    ...errorResponse('RATE_LIMITED: the key’s requests of this minute are used up.'),
    headers: {
      'Retry-After': { description: 'Seconds until the next window.', schema: { type: 'integer' } },
    },
  },
  '503': errorResponse(
    'SERVICE_UNAVAILABLE: storage or the queue is unavailable; retry (with the same key).',
  ),
};

export const messagesOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Messages API',
    version: '1.0.0',
    description:
      'Send an email or an SMS, stored (optionally sealed) and sent once through a queue; list a mailbox and read one message. Every request carries an API key in `x-api-key`; every error is `{ "error": { "code", "message", "field"? } }`.',
  },
  security: [{ apiKey: [] }],
  paths: {
    '/msg': {
      post: {
        operationId: 'sendMessage',
        summary: 'Queue a message for sending',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Sent again with the same body, the first answer comes back and nothing is sent twice (24 hours, per API key); with another body, 422.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/SendMessageRequest' },
              example: {
                msg_id: 'ada@example.com',
                subject: 'Hello',
                msg: 'First message',
                store_secure: true,
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'Stored with status queued and queued for sending.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AcceptedMessage' } } },
          },
          '400': errorResponse(
            'MALFORMED_JSON or VALIDATION_ERROR (field names the input): a missing or malformed field, an invalid email or E.164 number, an SMS over 1,600 characters.',
          ),
          ...common,
          '413': errorResponse('PAYLOAD_TOO_LARGE: the body is over 64 KiB.'),
          '415': errorResponse('UNSUPPORTED_MEDIA_TYPE: a content-type that is not JSON.'),
          '422': errorResponse('IDEMPOTENCY_KEY_REUSED: the Idempotency-Key came with another body.'),
        },
      },
      get: {
        operationId: 'listMessages',
        summary: 'A mailbox, newest first',
        parameters: [
          msgIdParameter('query'),
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: MAX_MESSAGE_PAGE_SIZE, default: 25 },
          },
          {
            name: 'next',
            in: 'query',
            required: false,
            description: 'The cursor of the previous page, for the same msg_id only.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'One page. store_secure messages are listed without subject and msg.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/MessagePage' } } },
          },
          '400': errorResponse('VALIDATION_ERROR (msg_id, limit) or INVALID_CURSOR (next).'),
          ...common,
        },
      },
    },
    '/msg/{msg_id}/{message_id}': {
      get: {
        operationId: 'getMessage',
        summary: 'One message',
        parameters: [
          msgIdParameter('path'),
          {
            name: 'message_id',
            in: 'path',
            required: true,
            description: 'The UUIDv7 that POST /msg answered.',
            schema: { type: 'string', format: 'uuid' },
          },
        ],
        responses: {
          '200': {
            description:
              'The message. A store_secure message has subject and msg only for a key with the decrypt permission.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Message' } } },
          },
          '400': errorResponse('VALIDATION_ERROR: msg_id or message_id malformed.'),
          ...common,
          '404': errorResponse('MESSAGE_NOT_FOUND: no such message in this mailbox.'),
        },
      },
    },
  },
  components: {
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    schemas: {
      SendMessageRequest: openApiComponent(sendMessageRequestSchema),
      AcceptedMessage: openApiComponent(acceptedMessageSchema),
      Message: openApiComponent(messageViewSchema),
      MessagePage: {
        ...openApiComponent(messagePageSchema),
        properties: {
          messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } },
          next: messagePageSchema.properties.next,
        },
      },
      Error: openApiComponent(errorEnvelopeSchema),
    },
  },
} as const;
