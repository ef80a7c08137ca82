import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { emailChannel, messageSender, parseMessageKeyrings, smsChannel } from '@backend/messages';
import { createDocumentClient } from '@backend/persistence';
import { createMailer, getSecret, sqsBatchHandler } from '@backend/platform';
import { config } from './config.js';

// Created once per execution environment; nothing reaches the network before the first record.
const client = createDocumentClient();
const sqs = new SQSClient({});
let sns: SNSClient | undefined;
const mailer = createMailer(() => ({
  from: config().MAIL_FROM,
  ...(config().SES_CONFIGURATION_SET === undefined
    ? {}
    : { configurationSetName: config().SES_CONFIGURATION_SET }),
}));

/** Sends each queued message once, by email (SES) or SMS (SNS); partial batch failures retry only the failed. */
export const handler = sqsBatchHandler(
  messageSender(() => {
    const c = config();
    return {
      client,
      sqs,
      messagesTable: c.MESSAGES_TABLE,
      deadLetterQueueUrl: c.OUTBOX_DLQ_URL,
      maxReceiveCount: c.MAX_RECEIVE_COUNT,
      claimSeconds: c.CLAIM_SECONDS,
      keyrings: async () => parseMessageKeyrings(await getSecret(c.CONTENT_KEYRING_SECRET)),
      channels: {
        email: emailChannel(mailer),
        sms: smsChannel(() => (sns ??= new SNSClient({})), {
          ...(c.SMS_SENDER_ID === undefined ? {} : { senderId: c.SMS_SENDER_ID }),
        }),
      },
    };
  }),
);
