package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The user's configuration objects, all on one topic keyed {@code kind/namespace/name}; {@code
 * kind} in the JSON tells them apart, with the CRD kind names of {@code aadpodidentity.k8s.io/v1}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IdentityRecord.class, name = ConfigRecord.AZURE_IDENTITY),
  @JsonSubTypes.Type(value = BindingRecord.class, name = ConfigRecord.AZURE_IDENTITY_BINDING),
  @JsonSubTypes.Type(
      value = ExceptionRecord.class,
      name = ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION)
})
public sealed interface ConfigRecord extends Event
    permits IdentityRecord, BindingRecord, ExceptionRecord {

  String AZURE_IDENTITY = "AzureIdentity";
  String AZURE_IDENTITY_BINDING = "AzureIdentityBinding";
  String AZURE_POD_IDENTITY_EXCEPTION = "AzurePodIdentityException";

  String namespace();

  String name();

  /** The CRD kind, also the first segment of the record's key. */
  @JsonIgnore
  String kind();

  @JsonIgnore
  default String key() {
    return Keys.config(kind(), namespace(), name());
  }
}
