// Events from the AWS platform itself: EventBridge, schedules, CloudWatch Logs subscriptions, Cognito
// triggers, CloudFormation custom resources; and the scaffold's own plain event.
import { ACCOUNT, REGION, type EventDefinition } from './definition';

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:my-function`;
const STACK_ARN = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/my-stack/5b918d10-cd98-11ea-90d5-0a9cd3354c10`;

/**
 * The CloudWatch Logs subscription payload: base64 of the gzip of {@link CLOUDWATCH_LOGS_PAYLOAD}'s JSON, as
 * Lambda receives it in `awslogs.data`. Kept literal (computed once with node:zlib) so nothing is built at run
 * time; the unit tests decode it and compare it with the payload.
 */
const AWSLOGS_DATA =
  'H4sIAAAAAAAAA5WSTWvcQAyG/4oRPdq1NJpP3xbihkLbwK7podmljO3x1rC2t2NvQwj578VpCzl0oRW6SUjP+0pPMIR59sdQPZ4DFHCzqTZfP5a73ea2hBSmhzFEKIAES6WNdUgCUjhNx9s4Xc5QQO4f5vzkh7r1+fCYdZexWfpp/NW0W2LwAxQgUMgcOSeR37/5sKnKXXXgjoL1phaNbGVQnfNYUyNaDrJTXteQwnyp5yb253Xiu/60hDhDcQ+v9mQhxinOcHjZV/4I47K2PEHfQgFsSQpSio2w7Ngqy9KQVoIdS8dGMqFmLQw7S2YtOWQpJKSw9EOYFz+coSBDKNhoXCP9YxgUsKs22yrZhu+XMC/v2yLRHTfCU8hsbdpMNipkrkOfUS0afhGpMfkc4txPY5H8NmI/wnP6F2BN2mplnCOFSipl0VintbFknUOpFWshhLVsJV0HptfA6xky5IxERVjgmm8R6ct++Rfy/VJut3fb/XIX2xCT9SeSZrqc2mSclqQOSfPNx2NorwhyTkmHqIhQOTbGSnbSsLZGOmGNQoNOKKutYIPXBZnXgspPN//r/0p3eP4JNCUse/gCAAA=';

/** What {@link AWSLOGS_DATA} decodes to: three lines of one invocation's log, sent by a subscription filter. */
export const CLOUDWATCH_LOGS_PAYLOAD = {
  messageType: 'DATA_MESSAGE',
  owner: ACCOUNT,
  logGroup: '/aws/lambda/my-function',
  logStream: '2024/03/12/[$LATEST]3f1e8a7b2c4d4e5f9a0b1c2d3e4f5a6b',
  subscriptionFilters: ['my-function-errors'],
  logEvents: [
    {
      id: '38142155372839385834716523934937431063627398174716903424',
      timestamp: 1710237600000,
      message: 'START RequestId: 6f3c2a1e-8b7d-4c5e-9f0a-1b2c3d4e5f60 Version: $LATEST\n',
    },
    {
      id: '38142155372861686579915054558078966781899046536222883841',
      timestamp: 1710237600001,
      message:
        '2024-03-12T10:00:00.001Z\t6f3c2a1e-8b7d-4c5e-9f0a-1b2c3d4e5f60\tERROR\tOrder 1234 could not be charged\n',
    },
    {
      id: '38142155372995490051105937784394736874928750709258682370',
      timestamp: 1710237600007,
      message: 'END RequestId: 6f3c2a1e-8b7d-4c5e-9f0a-1b2c3d4e5f60\n',
    },
  ],
} as const;

/** A plain JSON object: what the scaffold's sample handler greets, and its `events/event.json`. */
export const CUSTOM_EVENT: EventDefinition = {
  source: 'custom',
  title: 'Custom event {"name": "World"}',
  description: "A plain JSON object: what the scaffold's sample handler greets.",
  event: { name: 'World' },
};

export const PLATFORM_EVENTS: readonly EventDefinition[] = [
  {
    source: 'eventbridge',
    title: 'EventBridge event (EC2 state change)',
    description: 'An event matched by an EventBridge rule: an EC2 instance entering the running state.',
    event: {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: ACCOUNT,
      time: '2024-03-12T10:00:00Z',
      region: REGION,
      resources: [`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-1234567890abcdef0`],
      detail: { 'instance-id': 'i-1234567890abcdef0', state: 'running' },
    },
  },
  {
    source: 'scheduled',
    title: 'Scheduled event (EventBridge rule)',
    description: 'What a schedule rule (rate or cron expression) sends each time it fires.',
    event: {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2024-03-12T10:00:00Z',
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/every-hour`],
      detail: {},
    },
  },
  {
    source: 'cloudwatch-logs',
    title: 'CloudWatch Logs subscription',
    description: 'A subscription filter delivery: awslogs.data is base64 of gzipped JSON log events.',
    event: { awslogs: { data: AWSLOGS_DATA } },
  },
  {
    source: 'cognito-pre-signup',
    title: 'Cognito user pool pre sign-up trigger',
    description: 'PreSignUp_SignUp: a user signs up; the function may auto-confirm or reject them.',
    event: {
      version: '1',
      region: REGION,
      userPoolId: `${REGION}_EXAMPLE1a`,
      userName: 'jane.doe',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
      triggerSource: 'PreSignUp_SignUp',
      request: {
        userAttributes: { email: 'jane.doe@example.com', name: 'Jane Doe' },
        validationData: null,
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    },
  },
  {
    source: 'cloudformation',
    title: 'CloudFormation custom resource (Create)',
    description: 'A custom resource request; the function must PUT its result to ResponseURL.',
    event: {
      RequestType: 'Create',
      ServiceToken: FUNCTION_ARN,
      ResponseURL: `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3A${REGION}%3A${ACCOUNT}%3Astack/my-stack/5b918d10-cd98-11ea-90d5-0a9cd3354c10%7CMyResource%7C1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=7200&X-Amz-Signature=EXAMPLE`,
      StackId: STACK_ARN,
      RequestId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      LogicalResourceId: 'MyResource',
      ResourceType: 'Custom::Greeting',
      ResourceProperties: { ServiceToken: FUNCTION_ARN, Name: 'World' },
    },
  },
];
