// Storage notifications: S3 object events and DynamoDB Streams records, as the Lambda developer guide shows them.
import { ACCOUNT, REGION, type EventDefinition } from './definition';

const BUCKET = 'amzn-s3-demo-bucket';
const TABLE = 'Orders';

function s3Record(eventName: string, object: Record<string, unknown>, eventTime: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: REGION,
    eventTime,
    eventName,
    userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
    requestParameters: { sourceIPAddress: '203.0.113.10' },
    responseElements: {
      'x-amz-request-id': 'D82B88E5F771F645',
      'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: '828aa6fc-f7b5-4305-8584-487c791949c1',
      bucket: {
        name: BUCKET,
        ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' },
        arn: `arn:aws:s3:::${BUCKET}`,
      },
      object,
    },
  };
}

export const STORAGE_EVENTS: readonly EventDefinition[] = [
  {
    source: 's3-put',
    title: 'S3 object created (Put)',
    description: 'An S3 event notification for an object uploaded with PutObject.',
    event: {
      Records: [
        s3Record(
          'ObjectCreated:Put',
          {
            key: 'uploads/report.csv',
            size: 1305107,
            eTag: 'b21b84d653bb07b05b1e6b33684dc11b',
            sequencer: '0C0F6F405D6ED209E1',
          },
          '2024-03-12T10:00:00.000Z',
        ),
      ],
    },
  },
  {
    source: 's3-delete',
    title: 'S3 object removed (Delete)',
    description: 'An S3 event notification for an object deleted from an unversioned bucket.',
    event: {
      Records: [
        s3Record(
          'ObjectRemoved:Delete',
          { key: 'uploads/report.csv', sequencer: '0C0F6F405D6ED209E2' },
          '2024-03-12T10:05:00.000Z',
        ),
      ],
    },
  },
  {
    source: 'dynamodb',
    title: 'DynamoDB Streams',
    description: 'A stream batch with an INSERT, a MODIFY and a REMOVE (view type NEW_AND_OLD_IMAGES).',
    event: {
      Records: [
        dynamodbRecord('INSERT', '1', '111', {
          NewImage: { Status: { S: 'PLACED' }, Id: { N: '101' } },
          SizeBytes: 26,
        }),
        dynamodbRecord('MODIFY', '2', '222', {
          NewImage: { Status: { S: 'SHIPPED' }, Id: { N: '101' } },
          OldImage: { Status: { S: 'PLACED' }, Id: { N: '101' } },
          SizeBytes: 59,
        }),
        dynamodbRecord('REMOVE', '3', '333', {
          OldImage: { Status: { S: 'SHIPPED' }, Id: { N: '101' } },
          SizeBytes: 38,
        }),
      ],
    },
  },
];

function dynamodbRecord(eventName: string, eventID: string, sequenceNumber: string, images: Record<string, unknown>) {
  return {
    eventID,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: REGION,
    dynamodb: {
      ApproximateCreationDateTime: 1710237600,
      Keys: { Id: { N: '101' } },
      ...images,
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}/stream/2024-03-12T09:00:00.000`,
  };
}
