import { expect, test } from 'vitest';
import { dataTypeFromJson, dataTypeToJson } from '../../engine/sql/types/json';
import { ArrayType, DecimalType, LongType, MapType, StringType, StructField, StructType } from '../../engine/sql/types';

test("engine types cross to Python as Spark's DataType JSON and come back equal", () => {
  const schema = new StructType([
    new StructField('id', LongType, false),
    new StructField('tags', new ArrayType(StringType, true)),
    new StructField('price', new DecimalType(10, 2)),
    new StructField('attrs', new MapType(StringType, LongType)),
  ]);
  const json = dataTypeToJson(schema);
  expect(json).toEqual({
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: false, metadata: {} },
      {
        name: 'tags',
        type: { type: 'array', elementType: 'string', containsNull: true },
        nullable: true,
        metadata: {},
      },
      { name: 'price', type: 'decimal(10,2)', nullable: true, metadata: {} },
      {
        name: 'attrs',
        type: { type: 'map', keyType: 'string', valueType: 'long', valueContainsNull: true },
        nullable: true,
        metadata: {},
      },
    ],
  });
  const back = dataTypeFromJson(json);
  expect(back.simpleString).toBe(schema.simpleString);
  expect((back as StructType).fields.map((f) => f.nullable)).toEqual([false, true, true, true]);
});
