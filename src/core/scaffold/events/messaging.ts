// Queues, topics, streams and mail: SQS, SNS, Kinesis Data Streams and SES receipt rules.
import { ACCOUNT, REGION, type EventDefinition } from './definition';

const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:my-queue`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:my-topic`;
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/my-stream`;

/** One SQS record; `md5OfBody` is the real MD5 of `body` (the tests check it), as SQS computes it. */
function sqsRecord(messageId: string, body: string, md5OfBody: string, sentTimestamp: number, extra = {}) {
  return {
    messageId,
    receiptHandle: `AQEB${messageId.replace(/-/g, '')}wJnKyrHigUMZj6rYigCgxlaS3SLy0a+8mXqhxlAH/EXAMPLE=`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(sentTimestamp),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(sentTimestamp + 2),
    },
    messageAttributes: {},
    md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: REGION,
    ...extra,
  };
}

export const MESSAGING_EVENTS: readonly EventDefinition[] = [
  {
    source: 'sqs',
    title: 'SQS message',
    description: 'One message received from a standard SQS queue.',
    event: {
      Records: [
        sqsRecord(
          '059f36b4-87a3-44ab-83d2-661975830a7d',
          'Hello from SQS!',
          '7b270e59b47ff90a553787216d55d91d',
          1710237600000,
        ),
      ],
    },
  },
  {
    source: 'sqs-batch',
    title: 'SQS batch (3 messages)',
    description: 'A batch of three JSON messages, one with a message attribute: for partial batch responses.',
    event: {
      Records: [
        sqsRecord(
          '2e1424d4-f796-459a-8184-9c92662be6da',
          '{"orderId":"1001","quantity":2}',
          'eb9da6861e995b07a9700544f65acccd',
          1710237600000,
          {
            messageAttributes: {
              Priority: { stringValue: 'high', stringListValues: [], binaryListValues: [], dataType: 'String' },
            },
          },
        ),
        sqsRecord(
          '8f5b7a3c-1d2e-4f60-9a8b-7c6d5e4f3a2b',
          '{"orderId":"1002","quantity":1}',
          '397b358333897608bf3d95ee1fe9be55',
          1710237600100,
        ),
        sqsRecord(
          'c0ffee12-3456-4789-abcd-ef0123456789',
          '{"orderId":"1003","quantity":5}',
          'ccab271d84cf5d99932ab89d7b9a323c',
          1710237600200,
        ),
      ],
    },
  },
  {
    source: 'sns',
    title: 'SNS notification',
    description: 'A notification delivered to a Lambda subscription of an SNS topic.',
    event: {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: `${TOPIC_ARN}:21be56ed-a058-49f5-8c98-aedd2564c486`,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: '2024-03-12T10:00:00.000Z',
            Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j/EXAMPLE/65r==',
            SigningCertUrl: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem`,
            MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
            Message: 'Hello from SNS!',
            MessageAttributes: {
              Test: { Type: 'String', Value: 'TestString' },
              TestBinary: { Type: 'Binary', Value: 'VGVzdEJpbmFyeQ==' },
            },
            Type: 'Notification',
            UnsubscribeUrl: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:21be56ed-a058-49f5-8c98-aedd2564c486`,
            TopicArn: TOPIC_ARN,
            Subject: 'TestInvoke',
          },
        },
      ],
    },
  },
  {
    source: 'kinesis',
    title: 'Kinesis Data Streams',
    description: 'A stream batch with one record; data is base64 of a JSON reading.',
    event: {
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'thermostat-7',
            sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
            // {"sensor":"thermostat-7","temperature":21.5}
            data: 'eyJzZW5zb3IiOiJ0aGVybW9zdGF0LTciLCJ0ZW1wZXJhdHVyZSI6MjEuNX0=',
            approximateArrivalTimestamp: 1710237600.123,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/my-function-role`,
          awsRegion: REGION,
          eventSourceARN: STREAM_ARN,
        },
      ],
    },
  },
  {
    source: 'ses',
    title: 'SES email received',
    description: 'An SES receipt rule Lambda action: the headers and verdicts of an incoming message (no body).',
    event: {
      Records: [
        {
          eventSource: 'aws:ses',
          eventVersion: '1.0',
          ses: {
            mail: {
              timestamp: '2024-03-12T10:00:00.000Z',
              source: 'sender@example.com',
              messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1EXAMPLE',
              destination: ['orders@example.com'],
              headersTruncated: false,
              headers: [
                { name: 'Return-Path', value: '<sender@example.com>' },
                {
                  name: 'Received',
                  value:
                    'from mail.example.com (mail.example.com [203.0.113.25]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1EXAMPLE for orders@example.com; Tue, 12 Mar 2024 10:00:00 +0000 (UTC)',
                },
                { name: 'From', value: 'Jane Doe <sender@example.com>' },
                { name: 'To', value: 'orders@example.com' },
                { name: 'Subject', value: 'Order 1001' },
                { name: 'Date', value: 'Tue, 12 Mar 2024 10:00:00 +0000' },
                { name: 'Message-ID', value: '<CAEXAMPLE1001@mail.example.com>' },
                { name: 'MIME-Version', value: '1.0' },
                { name: 'Content-Type', value: 'text/plain; charset=UTF-8' },
              ],
              commonHeaders: {
                returnPath: 'sender@example.com',
                from: ['Jane Doe <sender@example.com>'],
                date: 'Tue, 12 Mar 2024 10:00:00 +0000',
                to: ['orders@example.com'],
                messageId: '<CAEXAMPLE1001@mail.example.com>',
                subject: 'Order 1001',
              },
            },
            receipt: {
              timestamp: '2024-03-12T10:00:00.000Z',
              processingTimeMillis: 609,
              recipients: ['orders@example.com'],
              spamVerdict: { status: 'PASS' },
              virusVerdict: { status: 'PASS' },
              spfVerdict: { status: 'PASS' },
              dkimVerdict: { status: 'PASS' },
              dmarcVerdict: { status: 'PASS' },
              dmarcPolicy: 'none',
              action: {
                type: 'Lambda',
                functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:my-function`,
                invocationType: 'Event',
              },
            },
          },
        },
      ],
    },
  },
];
