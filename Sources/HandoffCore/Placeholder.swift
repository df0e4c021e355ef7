import GitKit
public enum HandoffCorePlaceholder {}
