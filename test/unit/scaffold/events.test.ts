import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CLOUDWATCH_LOGS_PAYLOAD, findEvent, SAMPLE_EVENTS } from '../../../src/core/scaffold/events';

/** The parsed event with id `source`; fails the test when the catalogue lacks it. */
function event(source: string): any {
  const sample = findEvent(source);
  assert.ok(sample, `the catalogue has no '${source}' event`);
  return JSON.parse(sample.json);
}

const ARN = /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+/;

describe('the built-in sample event catalogue', () => {
  it('has at least 15 events with unique lowercase ids, titles and descriptions', () => {
    assert.ok(SAMPLE_EVENTS.length >= 15, `only ${SAMPLE_EVENTS.length} events`);
    const ids = SAMPLE_EVENTS.map((sample) => sample.source);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${ids.join(', ')}`);
    for (const sample of SAMPLE_EVENTS) {
      assert.match(sample.source, /^[a-z0-9]+(-[a-z0-9]+)*$/, sample.source);
      assert.ok(sample.title.length > 0 && sample.description.length > 0, sample.source);
    }
  });

  it('gives each event as pretty-printed JSON with one final newline', () => {
    for (const sample of SAMPLE_EVENTS) {
      const value = JSON.parse(sample.json);
      assert.equal(sample.json, `${JSON.stringify(value, null, 2)}\n`, sample.source);
      assert.ok(!sample.json.includes('\r'), sample.source);
    }
  });

  it('covers every event source the issue names', () => {
    for (const source of [
      'apigateway-rest',
      'apigateway-http',
      'alb',
      'function-url',
      's3-put',
      'sqs',
      'sns',
      'eventbridge',
      'dynamodb',
      'kinesis',
      'cloudwatch-logs',
      'scheduled',
      'cognito-pre-signup',
      'ses',
      'custom',
    ]) {
      assert.ok(findEvent(source), source);
    }
  });

  it('finds events ignoring case and surrounding blanks, and nothing for an unknown id', () => {
    assert.equal(findEvent('S3-Put')?.source, 's3-put');
    assert.equal(findEvent(' sqs ')?.source, 'sqs');
    assert.equal(findEvent('s3'), undefined);
    assert.equal(findEvent(''), undefined);
  });

  it('gives the custom event the scaffold handler greets', () => {
    assert.deepEqual(event('custom'), { name: 'World' });
  });

  it('shapes the HTTP events as each integration sends them', () => {
    const rest = event('apigateway-rest');
    assert.equal(rest.httpMethod, 'POST');
    assert.equal(rest.resource, '/{proxy+}');
    assert.equal(rest.requestContext.httpMethod, rest.httpMethod);
    assert.equal(typeof rest.requestContext.identity.sourceIp, 'string');
    assert.deepEqual(rest.multiValueQueryStringParameters.lang, [rest.queryStringParameters.lang]);
    assert.equal(typeof rest.body, 'string');
    assert.equal(rest.isBase64Encoded, false);

    for (const source of ['apigateway-http', 'function-url']) {
      const v2 = event(source);
      assert.equal(v2.version, '2.0', source);
      assert.equal(v2.requestContext.http.method, 'POST', source);
      assert.equal(v2.requestContext.http.path, v2.rawPath, source);
      assert.equal(v2.requestContext.routeKey, v2.routeKey, source);
      assert.equal(v2.headers['content-length'], String(Buffer.byteLength(v2.body)), source);
      // Payload 2.0 lowercases header names.
      for (const name of Object.keys(v2.headers)) assert.equal(name, name.toLowerCase(), `${source}: ${name}`);
    }
    const url = event('function-url');
    assert.equal(url.routeKey, '$default');
    assert.match(url.requestContext.domainName, /^[a-z0-9]{32}\.lambda-url\.[a-z0-9-]+\.on\.aws$/);
    assert.equal(url.requestContext.domainPrefix, url.requestContext.apiId);

    const alb = event('alb');
    assert.match(alb.requestContext.elb.targetGroupArn, /^arn:aws:elasticloadbalancing:.+:targetgroup\//);
    assert.equal(alb.httpMethod, 'GET');
    assert.equal(alb.isBase64Encoded, false);

    const authorizer = event('apigateway-authorizer');
    assert.equal(authorizer.type, 'TOKEN');
    assert.match(authorizer.methodArn, /^arn:aws:execute-api:/);
  });

  it('gives record-based events their eventSource and a source ARN', () => {
    const expected: Record<string, [string, string]> = {
      's3-put': ['aws:s3', 'ObjectCreated:Put'],
      's3-delete': ['aws:s3', 'ObjectRemoved:Delete'],
      sqs: ['aws:sqs', ''],
      'sqs-batch': ['aws:sqs', ''],
      dynamodb: ['aws:dynamodb', 'INSERT'],
      kinesis: ['aws:kinesis', 'aws:kinesis:record'],
      ses: ['aws:ses', ''],
    };
    for (const [source, [eventSource, eventName]] of Object.entries(expected)) {
      const records = event(source).Records;
      assert.ok(Array.isArray(records) && records.length > 0, source);
      for (const record of records) assert.equal(record.eventSource, eventSource, source);
      if (eventName) assert.equal(records[0].eventName, eventName, source);
      if (records[0].eventSourceARN) assert.match(records[0].eventSourceARN, ARN, source);
    }
    // SNS capitalizes its record fields.
    const sns = event('sns').Records[0];
    assert.equal(sns.EventSource, 'aws:sns');
    assert.equal(sns.Sns.Type, 'Notification');
    assert.match(sns.Sns.TopicArn, ARN);
    assert.ok(sns.EventSubscriptionArn.startsWith(`${sns.Sns.TopicArn}:`));
  });

  it('keeps the details a handler relies on consistent', () => {
    const put = event('s3-put').Records[0].s3;
    assert.equal(put.bucket.arn, `arn:aws:s3:::${put.bucket.name}`);
    assert.equal(typeof put.object.size, 'number');
    assert.equal(event('s3-delete').Records[0].s3.object.size, undefined, 'a delete has no size');

    for (const source of ['sqs', 'sqs-batch']) {
      for (const record of event(source).Records) {
        assert.equal(record.md5OfBody, createHash('md5').update(record.body).digest('hex'), source);
        assert.match(record.attributes.SentTimestamp, /^\d{13}$/, source);
      }
    }
    assert.equal(event('sqs-batch').Records.length, 3);

    const streams = event('dynamodb').Records.map((record: { eventName: string }) => record.eventName);
    assert.deepEqual(streams, ['INSERT', 'MODIFY', 'REMOVE']);

    const kinesis = event('kinesis').Records[0].kinesis;
    assert.deepEqual(JSON.parse(Buffer.from(kinesis.data, 'base64').toString('utf8')), {
      sensor: 'thermostat-7',
      temperature: 21.5,
    });

    const ses = event('ses').Records[0].ses;
    assert.deepEqual(ses.receipt.recipients, ses.mail.destination);
    assert.equal(ses.receipt.action.type, 'Lambda');
  });

  it('shapes EventBridge, scheduled and Cognito events as AWS sends them', () => {
    for (const source of ['eventbridge', 'scheduled']) {
      const value = event(source);
      assert.equal(value.version, '0', source);
      assert.match(value.account, /^\d{12}$/, source);
      assert.ok(!Number.isNaN(Date.parse(value.time)), source);
      assert.equal(typeof value['detail-type'], 'string', source);
      assert.equal(typeof value.detail, 'object', source);
      for (const resource of value.resources) assert.match(resource, ARN, source);
    }
    const scheduled = event('scheduled');
    assert.equal(scheduled['detail-type'], 'Scheduled Event');
    assert.equal(scheduled.source, 'aws.events');
    assert.match(scheduled.resources[0], /:rule\//);

    const cognito = event('cognito-pre-signup');
    assert.equal(cognito.triggerSource, 'PreSignUp_SignUp');
    assert.match(cognito.userPoolId, new RegExp(`^${cognito.region}_\\w+$`));
    assert.equal(typeof cognito.request.userAttributes.email, 'string');
    assert.deepEqual(cognito.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });

    const custom = event('cloudformation');
    assert.equal(custom.RequestType, 'Create');
    assert.match(custom.ResponseURL, /^https:\/\//);
    assert.match(custom.StackId, /^arn:aws:cloudformation:/);
  });

  it('ships the CloudWatch Logs payload as base64 gzipped JSON that decodes to real log events', () => {
    const data: string = event('cloudwatch-logs').awslogs.data;
    assert.match(data, /^[A-Za-z0-9+/]+={0,2}$/);
    const compressed = Buffer.from(data, 'base64');
    assert.deepEqual([...compressed.subarray(0, 2)], [0x1f, 0x8b], 'not gzip');
    const payload = JSON.parse(gunzipSync(compressed).toString('utf8'));
    assert.deepEqual(payload, CLOUDWATCH_LOGS_PAYLOAD);
    assert.equal(payload.messageType, 'DATA_MESSAGE');
    assert.match(payload.owner, /^\d{12}$/);
    assert.ok(payload.logEvents.length > 0);
    for (const logEvent of payload.logEvents) {
      assert.match(logEvent.id, /^\d+$/);
      assert.equal(typeof logEvent.timestamp, 'number');
      assert.equal(typeof logEvent.message, 'string');
    }
    assert.match(payload.logEvents[0].message, /^START RequestId: /);
  });
});
