package dev.microevent.slices.camara;

import java.util.List;

/**
 * The CAMARA QoS Profiles 1.1.0 API: which QoS profiles the operator offers. Thread-safe.
 *
 * <pre>{@code
 * QosProfile l = slices.qosProfiles().get(QosProfileName.of("QOS_L"));
 * Duration longest = l.maxDuration();
 * }</pre>
 */
public interface QosProfilesClient {

  /**
   * Lists profiles ({@code POST /retrieve-qos-profiles}).
   *
   * @param query filters
   * @return the matching profiles
   */
  List<QosProfile> retrieve(QosProfileQuery query);

  /**
   * Reads one profile ({@code GET /qos-profiles/{name}}).
   *
   * @param name the profile
   * @return it
   * @throws CamaraNotFoundException if the operator has no such profile
   */
  QosProfile get(QosProfileName name);
}
