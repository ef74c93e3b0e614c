using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>What to do when the shared SCSI device cannot be reserved (lvs.cf <c>reservation_conflict_action</c>, fos only).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ReservationConflictAction>))]
public enum ReservationConflictAction
{
    /// <summary>Do nothing.</summary>
    Nothing,
    /// <summary>Preempt the other node's reservation.</summary>
    Preempt,
}
