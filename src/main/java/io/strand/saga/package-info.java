/**
 * Sagas: workflows across single writers, exactly once, through crashes. What a user implements
 * ({@link io.strand.saga.SagaDefinition}, {@link io.strand.saga.SagaStep}), how sagas are started
 * ({@link io.strand.saga.SagaClient}) and the engine that runs them ({@link io.strand.saga.SagaEngine}): a
 * coordinator strand that journals every decision before it takes effect, and a dispatcher that sends each
 * requested step to its participant strand and feeds the outcome back.
 */
package io.strand.saga;
