// CloudFormation's short-form intrinsic functions (`!Ref X`, `!Sub [...]`, `!GetAtt A.B`...) as YAML custom tags,
// so a template parses whatever form it uses. Each becomes its long form (`{ "Fn::Sub": ... }`), as CloudFormation
// itself reads it; a tag can be written on a scalar, a sequence or a mapping, so each is declared for all three.
import type { ScalarTag, CollectionTag } from 'yaml';

const FUNCTIONS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  GetAZs: 'Fn::GetAZs',
  Base64: 'Fn::Base64',
  Split: 'Fn::Split',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
};

function scalarTag(tag: string, key: string): ScalarTag {
  return {
    tag: `!${tag}`,
    resolve: (value: string) => {
      // `!GetAtt Resource.Attribute` is the scalar form of `Fn::GetAtt: [Resource, Attribute]`.
      if (key === 'Fn::GetAtt') {
        const dot = value.indexOf('.');
        return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [key]: value };
    },
  };
}

function collectionTag(tag: string, key: string, collection: 'seq' | 'map'): CollectionTag {
  return {
    tag: `!${tag}`,
    collection,
    // The node becomes a scalar holding the long form; its source range stays that of the whole node.
    resolve: (node) => ({ [key]: node.toJSON() }) as never,
  };
}

/** The custom tags to give `yaml`'s parser (`customTags`) to read CloudFormation and SAM templates. */
export const CLOUDFORMATION_TAGS: readonly (ScalarTag | CollectionTag)[] = Object.entries(FUNCTIONS).flatMap(
  ([tag, key]) => [scalarTag(tag, key), collectionTag(tag, key, 'seq'), collectionTag(tag, key, 'map')],
);
