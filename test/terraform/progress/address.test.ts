import { describe, expect, it } from 'vitest';
import { isDataSource, resourceTypeOf } from '../../../src/terraform/progress/address.js';

describe('resourceTypeOf', () => {
  it.each([
    ['aws_instance.web', 'aws_instance'],
    ['aws_instance.web[0]', 'aws_instance'],
    ['data.aws_ami.ubuntu', 'aws_ami'],
    ['module.vpc.aws_subnet.private[2]', 'aws_subnet'],
    ['module.app["eu.west 1"].module.db.aws_db_instance.main', 'aws_db_instance'],
    ['module.app["a\\"].b"].aws_instance.node["x.y [z]"]', 'aws_instance'],
    ['module.app[0].data.google_project.this', 'google_project'],
    ['aws_instance.web (deposed object 1a2b3c4d)', 'aws_instance'],
    ['module.app', ''],
    ['nonsense', ''],
  ])('%s → %s', (address, type) => {
    expect(resourceTypeOf(address)).toBe(type);
  });
});

describe('isDataSource', () => {
  it.each([
    ['data.aws_ami.ubuntu', true],
    ['module.app[0].data.google_project.this', true],
    ['module.app["data"].aws_instance.web', false],
    ['module.metadata.aws_instance.web', false],
    ['aws_instance.data', false],
    ['aws_instance.web', false],
  ])('%s → %s', (address, expected) => {
    expect(isDataSource(address)).toBe(expected);
  });
});
