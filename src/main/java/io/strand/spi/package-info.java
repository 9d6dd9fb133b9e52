/**
 * The service-provider interface a domain implements to run on Strand: command handling, event application,
 * rejection reasons and event naming. The engine knows nothing else about the domain.
 */
package io.strand.spi;
