/**
 * Loading and validating {@code config/strand.yaml} and command-line overrides into an engine context.
 */
package io.strand.config;
