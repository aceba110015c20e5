// The built-in sample event catalogue: bundled into the extension and the command line, never downloaded.
import type { SampleEvent } from '../types';
import type { EventDefinition } from './definition';
import { HTTP_EVENTS } from './http';
import { MESSAGING_EVENTS } from './messaging';
import { CUSTOM_EVENT, PLATFORM_EVENTS } from './platform';
import { STORAGE_EVENTS } from './storage';

export { CLOUDWATCH_LOGS_PAYLOAD } from './platform';

function render(definition: EventDefinition): SampleEvent {
  return {
    source: definition.source,
    title: definition.title,
    description: definition.description,
    json: `${JSON.stringify(definition.event, null, 2)}\n`,
  };
}

/** Every sample event, in the order pickers and `events list` show them: the plain one first, then by service. */
export const SAMPLE_EVENTS: readonly SampleEvent[] = [
  CUSTOM_EVENT,
  ...HTTP_EVENTS,
  ...STORAGE_EVENTS,
  ...MESSAGING_EVENTS,
  ...PLATFORM_EVENTS,
].map(render);

/** The sample event whose id is `source`, ignoring case (`S3-Put` finds `s3-put`); undefined when there is none. */
export function findEvent(source: string): SampleEvent | undefined {
  const wanted = source.trim().toLowerCase();
  return SAMPLE_EVENTS.find((event) => event.source === wanted);
}
