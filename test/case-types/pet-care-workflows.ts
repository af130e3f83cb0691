/** The workflows entry of a worker that also runs pet_care cases: the shipped workflows, plus its registration. */
import { registerCaseType } from '../../workflows/case-types';
import { petCare } from './pet-care';

registerCaseType(petCare);

export * from '../../workflows';
